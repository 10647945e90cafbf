package io.github.swrcache.core.codec;

import java.lang.reflect.Type;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores values as JSON, bound to the declared value type of a cache: a
 * {@code List<Product>} is read back as a {@code List<Product>}, whatever the bytes
 * claim. No default typing and no class names in the bytes, so bytes from Redis cannot
 * choose the class that is instantiated.
 * <p>
 * Whatever the mapper's own settings, decoding is strict: unknown properties, trailing
 * tokens, {@code null} for a primitive, a missing record component or creator property,
 * and a JSON {@code null} all fail with a {@link CodecException}, so that a class changed
 * since the bytes were written makes the cache reload instead of serving a half-built
 * value. Thread-safe.
 *
 * @param <V> the value type
 */
public final class JacksonValueCodec<V> implements ValueCodec<V> {

	private static final DeserializationFeature[] STRICT_FEATURES = { DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
			DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
			DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES };

	private static final JsonMapper DEFAULT_MAPPER = JsonMapper.builder().enable(STRICT_FEATURES).build();

	static final ValueCodecFactory DEFAULT_FACTORY = ValueCodecFactory.jackson(DEFAULT_MAPPER);

	private final String typeName;

	private final ObjectReader reader;

	private final ObjectWriter writer;

	/**
	 * Creates a codec for one declared type.
	 * @param mapper the mapper, whose modules and settings are used; it must not have
	 * default typing activated
	 * @param valueType the declared value type of the cache, possibly a
	 * {@link java.lang.reflect.ParameterizedType}
	 * @throws IllegalArgumentException when the mapper has default typing activated
	 */
	public JacksonValueCodec(JsonMapper mapper, Type valueType) {
		this.typeName = valueType.getTypeName();
		JavaType objectType = mapper.constructType(Object.class);
		if (mapper.deserializationConfig().getDefaultTyper(objectType) != null
				|| mapper.serializationConfig().getDefaultTyper(objectType) != null) {
			throw new IllegalArgumentException("mapper must not have default typing activated, as the codec for "
					+ this.typeName + " is bound to the declared type");
		}
		JavaType javaType = mapper.getTypeFactory().constructType(valueType);
		this.reader = mapper.readerFor(javaType).withFeatures(STRICT_FEATURES);
		this.writer = mapper.writerFor(javaType);
	}

	/**
	 * The shared mapper of {@link ValueCodecFactory#defaults()}: Jackson's defaults
	 * (which include {@code java.time} support and no default typing), with unknown
	 * properties, trailing tokens, {@code null} for primitives and missing creator
	 * properties failing.
	 * @return the shared default mapper
	 */
	public static JsonMapper defaultMapper() {
		return DEFAULT_MAPPER;
	}

	/**
	 * Encodes the value as JSON of the declared type.
	 * @throws CodecException when Jackson cannot serialize the value
	 */
	@Override
	public byte[] encode(V value) {
		try {
			return this.writer.writeValueAsBytes(value);
		}
		catch (JacksonException ex) {
			throw new CodecException("Cannot encode a value of " + this.typeName, ex);
		}
	}

	/**
	 * Decodes JSON as the declared type.
	 * @throws CodecException when the bytes are not JSON of the declared type, or are
	 * JSON {@code null}
	 */
	@Override
	public V decode(byte[] bytes) {
		V value;
		try {
			value = this.reader.readValue(bytes);
		}
		catch (JacksonException ex) {
			throw new CodecException("Cannot decode a cached value as " + this.typeName, ex);
		}
		if (value == null) {
			throw new CodecException("Cannot decode a cached value as " + this.typeName + ": it is null");
		}
		return value;
	}

	@Override
	public String toString() {
		return "JacksonValueCodec[" + this.typeName + "]";
	}

}
