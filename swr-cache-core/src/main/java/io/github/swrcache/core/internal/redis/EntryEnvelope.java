package io.github.swrcache.core.internal.redis;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import org.jspecify.annotations.Nullable;

/**
 * The stored form of an entry, format version 1:
 *
 * <pre>
 * byte    '1'                      format version
 * 15 x    freshUntil               ASCII digits, zero padded: read by the Lua scripts
 * 15 x    staleUntil               ASCII digits, zero padded: read by the Lua scripts
 * long    createdAt, errorUntil, loadMillis
 * byte    flags                    1 = cached null, 2 = payload deflated
 * short   tag count, then per tag: short length + UTF-8
 * rest    payload (the codec's bytes, deflated when flag 2)
 * </pre>
 *
 * Bytes from Redis are untrusted: {@link #decode(byte[])} checks every length and throws
 * {@link CorruptEntryException} for anything it cannot read.
 */
final class EntryEnvelope {

	static final byte VERSION = '1';

	static final int TIME_DIGITS = 15;

	static final int HEADER = 1 + 2 * TIME_DIGITS;

	private static final int NULL_VALUE = 1;

	private static final int DEFLATED = 2;

	private static final int MAX_TAGS = 1024;

	private static final int MAX_INFLATED = 64 * 1024 * 1024;

	private EntryEnvelope() {
	}

	static byte[] encode(Fields fields, byte @Nullable [] payload, int compressionThreshold) {
		try {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream(
					HEADER + 64 + ((payload != null) ? payload.length : 0));
			bytes.write(VERSION);
			bytes.write(digits(fields.freshUntil()));
			bytes.write(digits(fields.staleUntil()));
			DataOutputStream out = new DataOutputStream(bytes);
			out.writeLong(fields.createdAt());
			out.writeLong(fields.errorUntil());
			out.writeLong(fields.loadMillis());
			byte[] body = payload;
			int flags = 0;
			if (payload == null) {
				flags |= NULL_VALUE;
			}
			else if (compressionThreshold > 0 && payload.length >= compressionThreshold) {
				body = deflate(payload);
				flags |= DEFLATED;
			}
			out.writeByte(flags);
			out.writeShort(fields.tags().length);
			for (String tag : fields.tags()) {
				byte[] utf8 = tag.getBytes(StandardCharsets.UTF_8);
				if (utf8.length > Short.MAX_VALUE) {
					throw new IllegalArgumentException("tag longer than " + Short.MAX_VALUE + " bytes");
				}
				out.writeShort(utf8.length);
				out.write(utf8);
			}
			if (body != null) {
				out.write(body);
			}
			out.flush();
			return bytes.toByteArray();
		}
		catch (IOException ex) {
			throw new IllegalStateException("in-memory stream failed", ex);
		}
	}

	static Decoded decode(byte[] bytes) {
		if (bytes.length < HEADER + 8 * 3 + 1 + 2 || bytes[0] != VERSION) {
			throw new CorruptEntryException("not a version-1 entry");
		}
		long freshUntil = parseDigits(bytes, 1);
		long staleUntil = parseDigits(bytes, 1 + TIME_DIGITS);
		try {
			DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, HEADER, bytes.length - HEADER));
			long createdAt = in.readLong();
			long errorUntil = in.readLong();
			long loadMillis = in.readLong();
			int flags = in.readUnsignedByte();
			int tagCount = in.readUnsignedShort();
			if (tagCount > MAX_TAGS) {
				throw new CorruptEntryException("too many tags: " + tagCount);
			}
			String[] tags = new String[tagCount];
			for (int i = 0; i < tagCount; i++) {
				int length = in.readUnsignedShort();
				if (length > in.available()) {
					throw new CorruptEntryException("tag length past the end");
				}
				tags[i] = new String(in.readNBytes(length), StandardCharsets.UTF_8);
			}
			byte[] body = in.readAllBytes();
			byte[] payload = ((flags & NULL_VALUE) != 0) ? null : ((flags & DEFLATED) != 0) ? inflate(body) : body;
			if (!(createdAt <= freshUntil && freshUntil <= staleUntil && staleUntil <= errorUntil)) {
				throw new CorruptEntryException("windows out of order");
			}
			return new Decoded(new Fields(createdAt, freshUntil, staleUntil, errorUntil, loadMillis, tags), payload);
		}
		catch (IOException ex) {
			throw new CorruptEntryException("truncated entry");
		}
	}

	private static byte[] digits(long value) {
		String text = Long.toString(value);
		if (value < 0 || text.length() > TIME_DIGITS) {
			throw new IllegalArgumentException("time out of range: " + value);
		}
		return ("0".repeat(TIME_DIGITS - text.length()) + text).getBytes(StandardCharsets.US_ASCII);
	}

	private static long parseDigits(byte[] bytes, int offset) {
		long value = 0;
		for (int i = offset; i < offset + TIME_DIGITS; i++) {
			int digit = bytes[i] - '0';
			if (digit < 0 || digit > 9) {
				throw new CorruptEntryException("bad time digits");
			}
			value = value * 10 + digit;
		}
		return value;
	}

	private static byte[] deflate(byte[] input) {
		Deflater deflater = new Deflater(Deflater.BEST_SPEED);
		try {
			deflater.setInput(input);
			deflater.finish();
			ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, input.length / 2));
			byte[] buffer = new byte[8192];
			while (!deflater.finished()) {
				out.write(buffer, 0, deflater.deflate(buffer));
			}
			return out.toByteArray();
		}
		finally {
			deflater.end();
		}
	}

	private static byte[] inflate(byte[] input) {
		Inflater inflater = new Inflater();
		try {
			inflater.setInput(input);
			ByteArrayOutputStream out = new ByteArrayOutputStream(input.length * 3);
			byte[] buffer = new byte[8192];
			while (!inflater.finished()) {
				int n = inflater.inflate(buffer);
				if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
					throw new CorruptEntryException("truncated compressed payload");
				}
				out.write(buffer, 0, n);
				if (out.size() > MAX_INFLATED) {
					throw new CorruptEntryException("compressed payload inflates past " + MAX_INFLATED + " bytes");
				}
			}
			return out.toByteArray();
		}
		catch (DataFormatException ex) {
			throw new CorruptEntryException("bad compressed payload");
		}
		finally {
			inflater.end();
		}
	}

	/**
	 * The times and tags of an entry.
	 *
	 * @param createdAt when its load started
	 * @param freshUntil end of ttl
	 * @param staleUntil end of stale-while-revalidate
	 * @param errorUntil end of stale-if-error
	 * @param loadMillis how long its load took
	 * @param tags its tags
	 */
	record Fields(long createdAt, long freshUntil, long staleUntil, long errorUntil, long loadMillis, String[] tags) {
	}

	/**
	 * A decoded envelope.
	 *
	 * @param fields the times and tags
	 * @param payload the codec's bytes, or {@code null} for a cached null
	 */
	record Decoded(Fields fields, byte @Nullable [] payload) {
	}

	/**
	 * Bytes under a cache key that are not an entry of this format.
	 */
	static final class CorruptEntryException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		CorruptEntryException(String message) {
			super(message, null, false, false);
		}

	}

}
