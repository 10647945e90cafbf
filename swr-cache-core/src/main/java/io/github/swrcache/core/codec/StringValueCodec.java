package io.github.swrcache.core.codec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Stores strings as UTF-8. Strict both ways: a string with an unpaired surrogate is not
 * encoded and malformed UTF-8 is not decoded, rather than either being silently replaced
 * with {@code ?} or {@code U+FFFD}. Thread-safe; use {@link #INSTANCE}.
 */
public final class StringValueCodec implements ValueCodec<String> {

	/** The only instance. */
	public static final StringValueCodec INSTANCE = new StringValueCodec();

	private static final String TYPE_NAME = String.class.getName();

	private StringValueCodec() {
	}

	/**
	 * Encodes a string as UTF-8.
	 * @throws CodecException when the string holds an unpaired surrogate
	 */
	@Override
	public byte[] encode(String value) {
		try {
			ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.encode(CharBuffer.wrap(value));
			byte[] bytes = new byte[encoded.remaining()];
			encoded.get(bytes);
			return bytes;
		}
		catch (CharacterCodingException ex) {
			throw new CodecException("Cannot encode a value of " + TYPE_NAME + " as UTF-8", ex);
		}
	}

	/**
	 * Decodes UTF-8 bytes.
	 * @throws CodecException when the bytes are not well-formed UTF-8
	 */
	@Override
	public String decode(byte[] bytes) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new CodecException("Cannot decode a cached value as " + TYPE_NAME, ex);
		}
	}

	@Override
	public String toString() {
		return "StringValueCodec";
	}

}
