package io.github.swrcache.core.codec;

import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.json.JsonMapper;

/**
 * Gives the {@link ValueCodec} of a cache from its declared value type. Called once per
 * cache, possibly from several threads: implementations must be thread-safe.
 * <p>
 * As {@link #codecFor(Type)} is generic, implement it with a class or a method reference;
 * a lambda cannot implement a generic method.
 */
@FunctionalInterface
public interface ValueCodecFactory {

	/**
	 * The codec for a declared value type.
	 * @param valueType the declared value type of the cache, possibly a
	 * {@link java.lang.reflect.ParameterizedType}
	 * @param <V> the value type
	 * @return the codec, thread-safe
	 */
	<V> ValueCodec<V> codecFor(Type valueType);

	/**
	 * The shared default factory: {@link #jackson(JsonMapper)} with
	 * {@link JacksonValueCodec#defaultMapper()}.
	 * @return the shared default factory
	 */
	static ValueCodecFactory defaults() {
		return JacksonValueCodec.DEFAULT_FACTORY;
	}

	/**
	 * A factory that gives {@link StringValueCodec#INSTANCE} for {@code String},
	 * {@link ByteArrayValueCodec#INSTANCE} for {@code byte[]}, and a
	 * {@link JacksonValueCodec} for every other type, built once per type.
	 * @param mapper the mapper; it must not have default typing activated
	 * @return a new factory
	 * @throws IllegalArgumentException from {@link #codecFor(Type)} when the mapper has
	 * default typing activated
	 */
	static ValueCodecFactory jackson(JsonMapper mapper) {
		Map<Type, ValueCodec<?>> codecs = new ConcurrentHashMap<>();
		return new ValueCodecFactory() {

			@Override
			@SuppressWarnings("unchecked")
			public <V> ValueCodec<V> codecFor(Type valueType) {
				if (valueType == String.class) {
					return (ValueCodec<V>) StringValueCodec.INSTANCE;
				}
				if (valueType == byte[].class) {
					return (ValueCodec<V>) ByteArrayValueCodec.INSTANCE;
				}
				return (ValueCodec<V>) codecs.computeIfAbsent(valueType,
						(type) -> new JacksonValueCodec<>(mapper, type));
			}

		};
	}

}
