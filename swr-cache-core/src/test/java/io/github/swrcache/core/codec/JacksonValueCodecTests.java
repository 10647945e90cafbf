package io.github.swrcache.core.codec;

import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link JacksonValueCodec}: values round-trip as the declared type, generic arguments
 * included; anything that is not JSON of that type fails with a {@link CodecException}
 * naming the type, never with a half-built value.
 */
class JacksonValueCodecTests {

	private static final String PRODUCT_TYPE = Product.class.getTypeName();

	private static final Product LAMP = new Product(1, "Lamp", new BigDecimal("19.90"),
			Instant.parse("2024-05-01T10:15:30.123456789Z"));

	private static final Product DESK = new Product(2, "Schreibtisch – Eiche 🌳", new BigDecimal("249.00"),
			Instant.parse("2024-05-02T08:00:00Z"));

	private final JacksonValueCodec<Product> products = new JacksonValueCodec<>(JacksonValueCodec.defaultMapper(),
			Product.class);

	@Test
	void recordRoundTripsWithExactValues() {
		Product decoded = this.products.decode(this.products.encode(LAMP));
		assertThat(decoded).isEqualTo(LAMP);
		assertThat(decoded.price()).isEqualTo(new BigDecimal("19.90"));
		assertThat(decoded.updatedAt().getNano()).isEqualTo(123456789);
	}

	@Test
	void unicodeStringsInsideValuesRoundTrip() {
		assertThat(this.products.decode(this.products.encode(DESK)).name()).isEqualTo("Schreibtisch – Eiche 🌳");
	}

	@Test
	void nestedRecordsAndJavaTimeRoundTrip() {
		JacksonValueCodec<Order> codec = new JacksonValueCodec<>(JacksonValueCodec.defaultMapper(), Order.class);
		Order order = new Order("o-7", new Customer("Ada", new Address("Berlin", "10115")), List.of(LAMP, DESK),
				Duration.ofHours(36).plusMillis(250), LocalDate.of(2024, 2, 29));
		Order decoded = codec.decode(codec.encode(order));
		assertThat(decoded).isEqualTo(order);
		assertThat(decoded.customer().address().city()).isEqualTo("Berlin");
		assertThat(decoded.deliveryWindow()).isEqualTo(Duration.ofHours(36).plusMillis(250));
		assertThat(decoded.placedOn()).isEqualTo(LocalDate.of(2024, 2, 29));
	}

	@Test
	void javaTimeIsWrittenAsIsoText() {
		JacksonValueCodec<Order> codec = new JacksonValueCodec<>(JacksonValueCodec.defaultMapper(), Order.class);
		Order order = new Order("o-1", new Customer("Ada", new Address("Berlin", "10115")), List.of(),
				Duration.ofMinutes(90), LocalDate.of(2024, 2, 29));
		String json = new String(codec.encode(order), StandardCharsets.UTF_8);
		assertThat(json).contains("\"placedOn\":\"2024-02-29\"");
		assertThat(new String(this.products.encode(LAMP), StandardCharsets.UTF_8))
			.contains("\"updatedAt\":\"2024-05-01T10:15:30.123456789Z\"");
	}

	@Test
	void genericListRoundTripsAsTheDeclaredElementType() throws Exception {
		Type listOfProducts = declaredType("productList");
		JacksonValueCodec<List<Product>> codec = new JacksonValueCodec<>(JacksonValueCodec.defaultMapper(),
				listOfProducts);
		List<Product> decoded = codec.decode(codec.encode(List.of(LAMP, DESK)));
		assertThat(decoded).containsExactly(LAMP, DESK);
		assertThat(decoded).allSatisfy((element) -> assertThat(element).isExactlyInstanceOf(Product.class));
	}

	@Test
	void rawListLosesTheElementTypeWhichIsWhyTheDeclaredTypeIsUsed() {
		JacksonValueCodec<List<?>> codec = new JacksonValueCodec<>(JacksonValueCodec.defaultMapper(), List.class);
		List<?> decoded = codec.decode(this.productListCodec().encode(List.of(LAMP)));
		assertThat(decoded).hasSize(1);
		assertThat(decoded.get(0)).isInstanceOf(Map.class).isNotInstanceOf(Product.class);
	}

	@Test
	void genericMapOfListsRoundTrips() throws Exception {
		JacksonValueCodec<Map<String, List<Integer>>> codec = new JacksonValueCodec<>(JacksonValueCodec.defaultMapper(),
				declaredType("stockByWarehouse"));
		Map<String, List<Integer>> stock = new LinkedHashMap<>();
		stock.put("north", List.of(1, 2, 3));
		stock.put("süd", List.of());
		Map<String, List<Integer>> decoded = codec.decode(codec.encode(stock));
		assertThat(decoded).containsExactly(Map.entry("north", List.of(1, 2, 3)), Map.entry("süd", List.of()));
	}

	@Test
	void byteArrayInsideAValueRoundTrips() {
		JacksonValueCodec<Blob> codec = new JacksonValueCodec<>(JacksonValueCodec.defaultMapper(), Blob.class);
		byte[] data = { 0, 1, (byte) 0xFF, (byte) 0x80, 127 };
		assertThat(codec.decode(codec.encode(new Blob("thumb", data))).data()).containsExactly(data);
	}

	@Test
	void garbageBytesFailNamingTheType() {
		assertDecodeFails(new byte[] { (byte) 0xFF, 0x00, 0x13, 0x37, (byte) 0xAC, (byte) 0xED });
	}

	@Test
	void emptyBytesFailNamingTheType() {
		assertDecodeFails(new byte[0]);
	}

	@Test
	void truncatedJsonFailsNamingTheType() {
		byte[] json = this.products.encode(LAMP);
		assertDecodeFails(Arrays.copyOf(json, json.length - 5));
	}

	@Test
	void jsonOfAnotherShapeFailsNamingTheType() {
		assertDecodeFails(utf8("[1,2,3]"));
		assertDecodeFails(utf8("\"Lamp\""));
		assertDecodeFails(
				utf8("{\"id\":\"not a number\",\"name\":\"Lamp\",\"price\":1,\"updatedAt\":\"2024-05-01T10:15:30Z\"}"));
	}

	@Test
	void jsonWithAnUnknownPropertyFailsSoThatAChangedClassIsReloaded() {
		assertDecodeFails(utf8(
				"{\"id\":1,\"name\":\"Lamp\",\"price\":19.90,\"updatedAt\":\"2024-05-01T10:15:30Z\",\"stock\":5}"));
	}

	@Test
	void jsonMissingARecordComponentFailsSoThatAChangedClassIsReloaded() {
		assertDecodeFails(utf8("{\"id\":1,\"name\":\"Lamp\",\"price\":19.90}"));
	}

	@Test
	void nullForAPrimitiveComponentFails() {
		assertDecodeFails(
				utf8("{\"id\":null,\"name\":\"Lamp\",\"price\":19.90,\"updatedAt\":\"2024-05-01T10:15:30Z\"}"));
	}

	@Test
	void jsonWithTrailingTokensFails() {
		assertDecodeFails(
				utf8("{\"id\":1,\"name\":\"Lamp\",\"price\":19.90,\"updatedAt\":\"2024-05-01T10:15:30Z\"} {}"));
		assertDecodeFails(utf8("{\"id\":1,\"name\":\"Lamp\",\"price\":19.90,\"updatedAt\":\"2024-05-01T10:15:30Z\"}]"));
	}

	@Test
	void jsonNullFailsRatherThanDecodingToNull() {
		assertDecodeFailsWithoutCause(utf8("null"));
	}

	@Test
	void decodingIsStrictEvenWithALenientMapper() {
		JsonMapper lenient = JsonMapper.builder()
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
					DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
					DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
			.build();
		JacksonValueCodec<Product> codec = new JacksonValueCodec<>(lenient, Product.class);
		assertThatExceptionOfType(CodecException.class).isThrownBy(() -> codec.decode(utf8(
				"{\"id\":1,\"name\":\"Lamp\",\"price\":19.90,\"updatedAt\":\"2024-05-01T10:15:30Z\",\"stock\":5}")));
		assertThatExceptionOfType(CodecException.class)
			.isThrownBy(() -> codec.decode(utf8("{\"id\":1,\"name\":\"Lamp\",\"price\":19.90}")));
		assertThatExceptionOfType(CodecException.class).isThrownBy(() -> codec
			.decode(utf8("{\"id\":null,\"name\":\"Lamp\",\"price\":19.90,\"updatedAt\":\"2024-05-01T10:15:30Z\"}")));
		assertThatExceptionOfType(CodecException.class).isThrownBy(() -> codec
			.decode(utf8("{\"id\":1,\"name\":\"Lamp\",\"price\":19.90,\"updatedAt\":\"2024-05-01T10:15:30Z\"} {}")));
		assertThat(codec.decode(codec.encode(LAMP))).isEqualTo(LAMP);
	}

	@Test
	void anUnencodableValueFailsNamingTheType() {
		JacksonValueCodec<Faulty> codec = new JacksonValueCodec<>(JacksonValueCodec.defaultMapper(), Faulty.class);
		assertThatExceptionOfType(CodecException.class).isThrownBy(() -> codec.encode(new Faulty("secret")))
			.withMessage("Cannot encode a value of " + Faulty.class.getTypeName())
			.withCauseInstanceOf(JacksonException.class);
	}

	@Test
	void oneCodecIsSafeToShareBetweenThreads() throws Exception {
		int threads = 8;
		int perThread = 10_000;
		CountDownLatch start = new CountDownLatch(1);
		AtomicInteger equalRoundTrips = new AtomicInteger();
		Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int thread = t;
			Thread worker = new Thread(() -> {
				try {
					start.await();
					for (int i = 0; i < perThread; i++) {
						long id = (long) thread * perThread + i;
						Product product = new Product(id, "p" + id, BigDecimal.valueOf(id, 2),
								Instant.ofEpochSecond(1_700_000_000L + id, id));
						if (this.products.decode(this.products.encode(product)).equals(product)) {
							equalRoundTrips.incrementAndGet();
						}
					}
				}
				catch (Throwable ex) {
					failures.add(ex);
				}
			}, "codec-" + t);
			worker.start();
			workers.add(worker);
		}
		start.countDown();
		for (Thread worker : workers) {
			worker.join(TimeUnit.SECONDS.toMillis(60));
			assertThat(worker.isAlive()).as("%s still running", worker.getName()).isFalse();
		}
		assertThat(failures).isEmpty();
		assertThat(equalRoundTrips).hasValue(threads * perThread);
	}

	@Test
	void toStringNamesTheDeclaredType() {
		assertThat(this.productListCodec()).hasToString("JacksonValueCodec[java.util.List<" + PRODUCT_TYPE + ">]");
	}

	private JacksonValueCodec<List<Product>> productListCodec() {
		try {
			return new JacksonValueCodec<>(JacksonValueCodec.defaultMapper(), declaredType("productList"));
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void assertDecodeFails(byte[] bytes) {
		assertThatExceptionOfType(CodecException.class).isThrownBy(() -> this.products.decode(bytes))
			.withMessage("Cannot decode a cached value as " + PRODUCT_TYPE)
			.withCauseInstanceOf(JacksonException.class);
	}

	private void assertDecodeFailsWithoutCause(byte[] bytes) {
		assertThatExceptionOfType(CodecException.class).isThrownBy(() -> this.products.decode(bytes))
			.withMessageStartingWith("Cannot decode a cached value as " + PRODUCT_TYPE);
	}

	static Type declaredType(String methodName) throws NoSuchMethodException {
		return JacksonValueCodecTests.class.getDeclaredMethod(methodName).getGenericReturnType();
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static @Nullable List<Product> productList() {
		return null;
	}

	static @Nullable Map<String, List<Integer>> stockByWarehouse() {
		return null;
	}

	record Product(long id, String name, BigDecimal price, Instant updatedAt) {
	}

	record Address(String city, String postcode) {
	}

	record Customer(String name, Address address) {
	}

	record Order(String id, Customer customer, List<Product> lines, Duration deliveryWindow, LocalDate placedOn) {
	}

	record Blob(String name, byte[] data) {
	}

	record Faulty(String name) {

		@Override
		public String name() {
			throw new IllegalStateException("not readable");
		}

	}

}
