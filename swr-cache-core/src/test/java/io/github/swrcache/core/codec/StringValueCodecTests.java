package io.github.swrcache.core.codec;

import java.nio.charset.CharacterCodingException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link StringValueCodec}: strict UTF-8 both ways.
 */
class StringValueCodecTests {

	private final StringValueCodec codec = StringValueCodec.INSTANCE;

	@Test
	void encodesAsUtf8() {
		assertThat(this.codec.encode("é€")).containsExactly(0xC3, 0xA9, 0xE2, 0x82, 0xAC);
		assertThat(this.codec.encode("")).isEmpty();
	}

	@Test
	void unicodeRoundTrips() {
		String text = "Grüße, 世界! 🚀 \u0000 ✓";
		assertThat(this.codec.decode(this.codec.encode(text))).isEqualTo(text);
	}

	@Test
	void malformedUtf8IsRejected() {
		assertThatExceptionOfType(CodecException.class)
			.isThrownBy(() -> this.codec.decode(new byte[] { (byte) 0xC3, (byte) 0x28 }))
			.withMessage("Cannot decode a cached value as java.lang.String")
			.withCauseInstanceOf(CharacterCodingException.class);
	}

	@Test
	void truncatedMultiByteSequenceIsRejected() {
		assertThatExceptionOfType(CodecException.class)
			.isThrownBy(() -> this.codec.decode(new byte[] { 'a', (byte) 0xE2, (byte) 0x82 }))
			.withMessage("Cannot decode a cached value as java.lang.String");
	}

	@Test
	void unpairedSurrogateIsNotEncoded() {
		assertThatExceptionOfType(CodecException.class).isThrownBy(() -> this.codec.encode("a\uD800b"))
			.withMessage("Cannot encode a value of java.lang.String as UTF-8")
			.withCauseInstanceOf(CharacterCodingException.class);
	}

}
