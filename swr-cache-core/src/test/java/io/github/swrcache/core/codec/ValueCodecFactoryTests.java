package io.github.swrcache.core.codec;

import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ValueCodecFactory}: strings and byte arrays get their own codecs, every other
 * type a {@link JacksonValueCodec} built once per type.
 */
class ValueCodecFactoryTests {

	private static final Product LAMP = new Product(1, "Lamp", new BigDecimal("19.90"),
			Instant.parse("2024-05-01T10:15:30Z"));

	@Test
	void defaultsGiveTheStringAndByteArraySingletons() {
		ValueCodecFactory factory = ValueCodecFactory.defaults();
		assertThat(factory.<String>codecFor(String.class)).isSameAs(StringValueCodec.INSTANCE);
		assertThat(factory.<byte[]>codecFor(byte[].class)).isSameAs(ByteArrayValueCodec.INSTANCE);
	}

	@Test
	void defaultsGiveTheSameJacksonCodecForTheSameType() throws Exception {
		ValueCodecFactory factory = ValueCodecFactory.defaults();
		ValueCodec<Product> first = factory.codecFor(Product.class);
		assertThat(first).isInstanceOf(JacksonValueCodec.class);
		assertThat(factory.<Product>codecFor(Product.class)).isSameAs(first);
		Type list = declaredType();
		Type sameListAgain = declaredType();
		assertThat(sameListAgain).isEqualTo(list);
		ValueCodec<List<Product>> listCodec = factory.codecFor(list);
		assertThat(factory.<List<Product>>codecFor(sameListAgain)).isSameAs(listCodec).isNotSameAs(first);
	}

	@Test
	void defaultsAreOneSharedFactoryOverTheDefaultMapper() {
		assertThat(ValueCodecFactory.defaults()).isSameAs(ValueCodecFactory.defaults());
		ValueCodec<Product> codec = ValueCodecFactory.defaults().codecFor(Product.class);
		assertThat(new String(codec.encode(LAMP), StandardCharsets.UTF_8))
			.isEqualTo("{\"id\":1,\"name\":\"Lamp\",\"price\":19.90,\"updatedAt\":\"2024-05-01T10:15:30Z\"}");
	}

	@Test
	void jacksonFactoryUsesTheGivenMapper() {
		JsonMapper snakeCase = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
		ValueCodec<Product> codec = ValueCodecFactory.jackson(snakeCase).codecFor(Product.class);
		byte[] bytes = codec.encode(LAMP);
		assertThat(new String(bytes, StandardCharsets.UTF_8))
			.isEqualTo("{\"id\":1,\"name\":\"Lamp\",\"price\":19.90,\"updated_at\":\"2024-05-01T10:15:30Z\"}");
		assertThat(codec.decode(bytes)).isEqualTo(LAMP);
	}

	@Test
	void eachJacksonFactoryKeepsItsOwnCodecs() {
		ValueCodecFactory other = ValueCodecFactory.jackson(JacksonValueCodec.defaultMapper());
		assertThat(other.<Product>codecFor(Product.class))
			.isNotSameAs(ValueCodecFactory.defaults().codecFor(Product.class));
		assertThat(other.<String>codecFor(String.class)).isSameAs(StringValueCodec.INSTANCE);
	}

	private static Type declaredType() throws NoSuchMethodException {
		return ValueCodecFactoryTests.class.getDeclaredMethod("productList").getGenericReturnType();
	}

	static @Nullable List<Product> productList() {
		return null;
	}

	record Product(long id, String name, BigDecimal price, Instant updatedAt) {
	}

}
