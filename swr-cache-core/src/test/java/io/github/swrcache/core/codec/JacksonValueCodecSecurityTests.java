package io.github.swrcache.core.codec;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link JacksonValueCodec} and untrusted bytes: the declared type decides what is
 * instantiated, never a class name in the bytes, and no class name is ever written.
 */
class JacksonValueCodecSecurityTests {

	private static final String GADGET_AS_PROPERTY = "{\"@class\":\"java.lang.ProcessBuilder\",\"command\":[\"touch\",\"/tmp/x\"]}";

	private static final String GADGET_AS_ARRAY = "[\"java.lang.ProcessBuilder\",{\"command\":[\"touch\",\"/tmp/x\"]}]";

	private static final Product LAMP = new Product(1, "Lamp", new BigDecimal("19.90"),
			Instant.parse("2024-05-01T10:15:30Z"));

	private final JsonMapper mapper = JacksonValueCodec.defaultMapper();

	@Test
	void gadgetDecodedAsTheDeclaredRecordFailsInsteadOfInstantiatingIt() {
		JacksonValueCodec<Product> codec = new JacksonValueCodec<>(this.mapper, Product.class);
		for (String gadget : List.of(GADGET_AS_PROPERTY, GADGET_AS_ARRAY)) {
			assertThatExceptionOfType(CodecException.class).isThrownBy(() -> codec.decode(utf8(gadget)))
				.withMessage("Cannot decode a cached value as " + Product.class.getTypeName())
				.withCauseInstanceOf(JacksonException.class);
		}
	}

	@Test
	void gadgetDecodedAsObjectYieldsPlainMapsAndLists() {
		JacksonValueCodec<Object> codec = new JacksonValueCodec<>(this.mapper, Object.class);
		Object asProperty = codec.decode(utf8(GADGET_AS_PROPERTY));
		assertThat(asProperty).isInstanceOf(Map.class)
			.isNotInstanceOf(ProcessBuilder.class)
			.isEqualTo(Map.of("@class", "java.lang.ProcessBuilder", "command", List.of("touch", "/tmp/x")));
		Object asArray = codec.decode(utf8(GADGET_AS_ARRAY));
		assertThat(asArray).isInstanceOf(List.class)
			.isNotInstanceOf(ProcessBuilder.class)
			.isEqualTo(List.of("java.lang.ProcessBuilder", Map.of("command", List.of("touch", "/tmp/x"))));
	}

	@Test
	void gadgetInAnObjectComponentYieldsAPlainMap() {
		JacksonValueCodec<Envelope> codec = new JacksonValueCodec<>(this.mapper, Envelope.class);
		Envelope decoded = codec.decode(utf8("{\"kind\":\"job\",\"payload\":" + GADGET_AS_PROPERTY + "}"));
		assertThat(decoded.payload()).isInstanceOf(Map.class)
			.isNotInstanceOf(ProcessBuilder.class)
			.isEqualTo(Map.of("@class", "java.lang.ProcessBuilder", "command", List.of("touch", "/tmp/x")));
	}

	@Test
	void encodedRecordCarriesNoClassName() {
		JacksonValueCodec<Product> codec = new JacksonValueCodec<>(this.mapper, Product.class);
		String json = new String(codec.encode(LAMP), StandardCharsets.UTF_8);
		assertThat(json)
			.isEqualTo("{\"id\":1,\"name\":\"Lamp\",\"price\":19.90,\"updatedAt\":\"2024-05-01T10:15:30Z\"}");
		assertThat(json).doesNotContain(Product.class.getName())
			.doesNotContain("Product")
			.doesNotContain("@class")
			.doesNotContain("io.github");
	}

	@Test
	void valueInAnObjectComponentIsWrittenWithoutClassNameAndReadBackAsAMap() {
		JacksonValueCodec<Envelope> codec = new JacksonValueCodec<>(this.mapper, Envelope.class);
		byte[] bytes = codec.encode(new Envelope("product", LAMP));
		assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("Product")
			.doesNotContain("@class")
			.doesNotContain("io.github");
		assertThat(codec.decode(bytes).payload())
			.isEqualTo(Map.of("id", 1, "name", "Lamp", "price", 19.90, "updatedAt", "2024-05-01T10:15:30Z"));
	}

	@Test
	void mapperWithDefaultTypingIsRejected() {
		JsonMapper typing = JsonMapper.builder()
			.activateDefaultTyping(BasicPolymorphicTypeValidator.builder().allowIfBaseType(Object.class).build(),
					DefaultTyping.NON_FINAL)
			.build();
		assertThatIllegalArgumentException().isThrownBy(() -> new JacksonValueCodec<>(typing, Product.class))
			.withMessage("mapper must not have default typing activated, as the codec for "
					+ Product.class.getTypeName() + " is bound to the declared type");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ValueCodecFactory.jackson(typing).codecFor(Product.class));
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	record Product(long id, String name, BigDecimal price, Instant updatedAt) {
	}

	record Envelope(String kind, @Nullable Object payload) {
	}

}
