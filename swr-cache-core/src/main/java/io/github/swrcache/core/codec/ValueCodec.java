package io.github.swrcache.core.codec;

/**
 * Turns the values of one cache into bytes for the shared tier and back.
 * <p>
 * Implementations must be thread-safe: one instance serves every read and write of a
 * cache. The bytes given to {@link #decode(byte[])} come from Redis and are untrusted:
 * they may be garbage, an older format, or written for a class that has since changed,
 * and must never make the codec instantiate a type other than the one it is bound to.
 *
 * @param <V> the value type
 * @see ValueCodecFactory
 */
public interface ValueCodec<V> {

	/**
	 * Encodes a value. Never called with {@code null}.
	 * @param value the value to store
	 * @return the bytes to store, not shared with {@code value} or with a later call
	 * @throws CodecException when the value cannot be encoded
	 */
	byte[] encode(V value);

	/**
	 * Decodes bytes written by {@link #encode(Object)}, possibly by another node or an
	 * older version of the application. Either returns a complete value or throws: never
	 * a half-built value, never {@code null}.
	 * @param bytes the stored bytes, untrusted
	 * @return the value
	 * @throws CodecException when the bytes cannot be decoded into a value of this
	 * codec's type
	 */
	V decode(byte[] bytes);

}
