package io.github.swrcache.core.codec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ByteArrayValueCodec}: stores the bytes as they are, as a copy.
 */
class ByteArrayValueCodecTests {

	private final ByteArrayValueCodec codec = ByteArrayValueCodec.INSTANCE;

	@Test
	void encodeReturnsACopyThatLaterMutationDoesNotChange() {
		byte[] value = { 1, 2, 3 };
		byte[] encoded = this.codec.encode(value);
		value[0] = 42;
		assertThat(encoded).isNotSameAs(value).containsExactly(1, 2, 3);
	}

	@Test
	void decodeReturnsTheBytesUnchanged() {
		byte[] stored = { 0, (byte) 0xFF, (byte) 0xC3, (byte) 0x28 };
		assertThat(this.codec.decode(stored)).isSameAs(stored).containsExactly(0, 0xFF, 0xC3, 0x28);
		assertThat(this.codec.decode(new byte[0])).isEmpty();
	}

}
