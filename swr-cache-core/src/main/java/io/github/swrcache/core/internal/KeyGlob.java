package io.github.swrcache.core.internal;

import java.nio.charset.StandardCharsets;

/**
 * A validated Redis glob over key ids, for {@code invalidateMatching}: {@code *} any run,
 * {@code ?} one byte, {@code [abc]}, {@code [^abc]}, {@code [a-z]} one byte of a set,
 * {@code \x} the character {@code x} itself. It matches the UTF-8 bytes of a key id
 * exactly as Redis's {@code SCAN ... MATCH} does, so the in-process tier and Redis agree
 * on what a glob means. Only complete globs are accepted: one that ends in a lone
 * backslash or opens a set it does not close would swallow whatever Redis pattern text
 * follows it (the closing brace that confines it to a cache's values), so it is refused.
 */
public final class KeyGlob {

	/** Longest glob accepted, in characters: longer than any key id Redis holds. */
	public static final int MAX_LENGTH = 256;

	private final String text;

	private final byte[] pattern;

	private KeyGlob(String text) {
		this.text = text;
		this.pattern = text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Validates a glob.
	 * @param glob the glob
	 * @return the glob
	 * @throws IllegalArgumentException when it is blank, longer than {@link #MAX_LENGTH},
	 * ends in a lone backslash, or opens a {@code [} set that it does not close
	 */
	public static KeyGlob of(String glob) {
		if (glob == null || glob.isBlank()) {
			throw new IllegalArgumentException("glob must not be blank, was '" + glob + "'");
		}
		if (glob.length() > MAX_LENGTH) {
			throw new IllegalArgumentException("glob must be at most " + MAX_LENGTH + " characters, was "
					+ glob.length() + " ('" + glob.substring(0, 32) + "...')");
		}
		KeyGlob parsed = new KeyGlob(glob);
		parsed.requireComplete();
		return parsed;
	}

	/**
	 * The glob as given.
	 * @return the text
	 */
	public String text() {
		return this.text;
	}

	/**
	 * Whether the glob starts with {@code *}, so that it also matches a key id behind any
	 * leading character (such as the backslash Redis keys put before some ids).
	 * @return whether the first character is a star
	 */
	public boolean startsWithStar() {
		return this.pattern[0] == '*';
	}

	/**
	 * Whether {@code keyId} matches.
	 * @param keyId the key id
	 * @return whether it matches, byte by byte as Redis matches
	 */
	public boolean matches(String keyId) {
		return matches(keyId.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Escapes the glob characters of a literal, so that it matches only itself in a Redis
	 * pattern.
	 * @param literal the literal text
	 * @return the escaped text
	 */
	public static String escape(String literal) {
		StringBuilder escaped = new StringBuilder(literal.length() + 8);
		for (int i = 0; i < literal.length(); i++) {
			char c = literal.charAt(i);
			if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
				escaped.append('\\');
			}
			escaped.append(c);
		}
		return escaped.toString();
	}

	/**
	 * Walks the glob as Redis parses it: a backslash takes the next byte, a set runs to
	 * the first {@code ]} that is neither escaped nor the end of a range {@code a-]}.
	 */
	private void requireComplete() {
		int i = 0;
		while (i < this.pattern.length) {
			byte b = this.pattern[i];
			if (b == '\\') {
				if (i + 1 >= this.pattern.length) {
					throw new IllegalArgumentException("glob must not end with a lone '\\' (write '\\\\' for a "
							+ "backslash), was '" + this.text + "'");
				}
				i += 2;
			}
			else if (b == '[') {
				i = setEnd(i) + 1;
			}
			else {
				i++;
			}
		}
	}

	/**
	 * The index of the {@code ]} closing the set that opens at {@code open}.
	 */
	private int setEnd(int open) {
		int i = open + 1;
		if (i < this.pattern.length && this.pattern[i] == '^') {
			i++;
		}
		while (i < this.pattern.length) {
			int remaining = this.pattern.length - i;
			if (this.pattern[i] == '\\' && remaining >= 2) {
				i += 2;
			}
			else if (this.pattern[i] == ']') {
				return i;
			}
			else if (remaining >= 3 && this.pattern[i + 1] == '-') {
				i += 3;
			}
			else {
				i++;
			}
		}
		throw new IllegalArgumentException(
				"glob must close every '[' with ']' (write '\\[' for a bracket), was '" + this.text + "'");
	}

	private boolean matches(byte[] text) {
		// Two pointers with one backtrack point, the last star: linear in practice and
		// never exponential, whatever the glob.
		int p = 0;
		int t = 0;
		int starP = -1;
		int starT = 0;
		while (t < text.length) {
			if (p < this.pattern.length && this.pattern[p] == '*') {
				starP = p++;
				starT = t;
				continue;
			}
			int next = (p < this.pattern.length) ? matchOne(p, text[t]) : -1;
			if (next >= 0) {
				p = next;
				t++;
			}
			else if (starP >= 0) {
				p = starP + 1;
				t = ++starT;
			}
			else {
				return false;
			}
		}
		while (p < this.pattern.length && this.pattern[p] == '*') {
			p++;
		}
		return p == this.pattern.length;
	}

	/**
	 * Matches one byte against the element at {@code p} (not a star).
	 * @return the index after the element, or -1 when the byte does not match
	 */
	private int matchOne(int p, byte c) {
		byte b = this.pattern[p];
		if (b == '?') {
			return p + 1;
		}
		if (b == '\\') {
			return (this.pattern[p + 1] == c) ? p + 2 : -1;
		}
		if (b == '[') {
			int end = setEnd(p);
			return inSet(p + 1, end, c) ? end + 1 : -1;
		}
		return (b == c) ? p + 1 : -1;
	}

	private boolean inSet(int from, int end, byte c) {
		int i = from;
		boolean not = this.pattern[i] == '^';
		if (not) {
			i++;
		}
		boolean match = false;
		while (i < end) {
			int remaining = this.pattern.length - i;
			if (this.pattern[i] == '\\' && remaining >= 2) {
				match |= this.pattern[i + 1] == c;
				i += 2;
			}
			else if (remaining >= 3 && this.pattern[i + 1] == '-') {
				// Bytes compare signed, as C's char does on the platforms Redis runs on.
				int start = Math.min(this.pattern[i], this.pattern[i + 2]);
				int stop = Math.max(this.pattern[i], this.pattern[i + 2]);
				match |= c >= start && c <= stop;
				i += 3;
			}
			else {
				match |= this.pattern[i] == c;
				i++;
			}
		}
		return match != not;
	}

	@Override
	public String toString() {
		return this.text;
	}

}
