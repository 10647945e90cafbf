package io.github.swrcache.core.codec;

/**
 * Stores byte arrays as they are. {@link #encode(byte[])} returns a copy, so that a
 * caller changing its array afterwards does not change what is stored;
 * {@link #decode(byte[])} returns the given array itself. Thread-safe; use
 * {@link #INSTANCE}.
 */
public final class ByteArrayValueCodec implements ValueCodec<byte[]> {

	/** The only instance. */
	public static final ByteArrayValueCodec INSTANCE = new ByteArrayValueCodec();

	private ByteArrayValueCodec() {
	}

	/**
	 * Copies the value.
	 * @return a copy of {@code value}
	 */
	@Override
	public byte[] encode(byte[] value) {
		return value.clone();
	}

	/**
	 * Returns the bytes unchanged; every byte array is a valid value.
	 * @return {@code bytes} itself
	 */
	@Override
	public byte[] decode(byte[] bytes) {
		return bytes;
	}

	@Override
	public String toString() {
		return "ByteArrayValueCodec";
	}

}
