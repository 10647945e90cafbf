package io.github.swrcache.core.internal.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import io.github.swrcache.core.internal.KeyGlob;
import org.jspecify.annotations.Nullable;

/**
 * The key layout of one cache: {@code prefix:cache:version:{key}} for a value, with the
 * lock and waiter flag beside it ({@code ...:{key}:lock}, {@code ...:{key}:wait}). The
 * braces are a Cluster hash tag: a value, its lock and its flag share one slot, so one
 * Lua script can touch them all. A key text longer than {@link #MAX_KEY_TEXT} is replaced
 * by its first characters and its SHA-256, so keys stay short and still readable.
 */
final class RedisKeys {

	/** Longest key text kept as it is. */
	static final int MAX_KEY_TEXT = 200;

	private static final int READABLE_PREFIX = 64;

	private final String namespace;

	private final String channel;

	RedisKeys(String prefix, String cacheName, int version) {
		requireNoBraces("key prefix", prefix);
		requireNoBraces("cache name", cacheName);
		this.namespace = prefix + ":" + cacheName + ":" + version + ":";
		this.channel = prefix + ":__bus";
	}

	/**
	 * The id of a key within this cache: its text, or a hashed form when too long.
	 * @param key the key
	 * @return the key id used in Redis keys and bus messages
	 */
	static String keyId(Object key) {
		String text = String.valueOf(key);
		if (!isWellFormed(text)) {
			// UTF-8 turns every unpaired surrogate into '?': "\uD800" and "?" would share
			// a
			// Redis key, and bus messages would name a key id no node knows. Such a key
			// is
			// hashed from its UTF-16 code units, with a readable prefix that survives
			// UTF-8.
			String readable = text.substring(0, Math.min(text.length(), READABLE_PREFIX));
			return wellFormed(readable) + "#u16:" + sha256(text.getBytes(StandardCharsets.UTF_16BE));
		}
		if (text.length() <= MAX_KEY_TEXT) {
			return text;
		}
		return text.substring(0, READABLE_PREFIX) + "#" + sha256(text.getBytes(StandardCharsets.UTF_8));
	}

	private static boolean isWellFormed(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

	private static String wellFormed(String text) {
		StringBuilder out = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				out.append(c).append(text.charAt(++i));
			}
			else {
				out.append(Character.isSurrogate(c) ? '?' : c);
			}
		}
		return out.toString();
	}

	String data(String keyId) {
		return this.namespace + "{" + hashTag(keyId) + "}";
	}

	/**
	 * The text inside the braces. Redis ignores an empty tag ({@code {}}) and hashes the
	 * whole name, which would split a value from its lock across Cluster slots; so a key
	 * id that is empty or starts with '}' gets a leading backslash, and one that starts
	 * with a backslash gets another, which keeps the mapping one-to-one.
	 */
	private static String hashTag(String keyId) {
		if (keyId.isEmpty() || keyId.charAt(0) == '}' || keyId.charAt(0) == '\\') {
			return "\\" + keyId;
		}
		return keyId;
	}

	String lock(String keyId) {
		return data(keyId) + ":lock";
	}

	String waiters(String keyId) {
		return data(keyId) + ":wait";
	}

	String tagMarks() {
		return this.namespace + "__tags";
	}

	String clearMark() {
		return this.namespace + "__clear";
	}

	String channel() {
		return this.channel;
	}

	private static String sha256(byte[] bytes) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

	private static void requireNoBraces(String what, String value) {
		if (value.isBlank() || value.indexOf('{') >= 0 || value.indexOf('}') >= 0 || value.indexOf('|') >= 0) {
			throw new IllegalArgumentException(what
					+ " must be non-blank and contain no '{', '}' (Redis Cluster hash tags) or '|' (bus messages), was '"
					+ value + "'");
		}
	}

	/**
	 * The {@code SCAN} patterns that find every value, lock and waiters' flag of this
	 * cache whose key id may match {@code glob}: the escaped namespace, the glob between
	 * the braces, and a star for the suffixes. They may find more (a key id that only
	 * begins like a match), never less, and never a key outside this cache: the literal
	 * {@code \{} after the namespace is where no other cache's key, and none of this
	 * cache's marks, can continue. {@link #keyIdOf(String)} and the glob then decide
	 * exactly. A key id kept behind a backslash (empty, or starting with '}' or a
	 * backslash) is found by a second pattern, needed only when the glob does not start
	 * with a star.
	 * @param glob the glob
	 * @return one or two patterns
	 */
	List<String> scanPatterns(KeyGlob glob) {
		String start = KeyGlob.escape(this.namespace) + "{";
		String pattern = start + glob.text() + "}*";
		if (glob.startsWithStar() || !mayMatchEscaped(glob)) {
			return List.of(pattern);
		}
		return List.of(pattern, start + "\\\\" + glob.text() + "}*");
	}

	/**
	 * Whether the glob may match a key id whose hash tag starts with a backslash: one
	 * that is empty or starts with '}' or a backslash.
	 */
	private static boolean mayMatchEscaped(KeyGlob glob) {
		char first = glob.text().charAt(0);
		if (first == '\\') {
			char escaped = glob.text().charAt(1);
			return escaped == '}' || escaped == '\\';
		}
		return first == '}' || first == '?' || first == '[';
	}

	/**
	 * The key id of one of this cache's values, locks or waiters' flags.
	 * @param redisKey a key name that SCAN found
	 * @return the key id, or {@code null} when the name is not one this cache makes
	 */
	@Nullable String keyIdOf(String redisKey) {
		String start = this.namespace + "{";
		if (!redisKey.startsWith(start)) {
			return null;
		}
		String rest = redisKey.substring(start.length());
		String tag;
		if (rest.endsWith("}:lock") || rest.endsWith("}:wait")) {
			tag = rest.substring(0, rest.length() - 6);
		}
		else if (rest.endsWith("}")) {
			tag = rest.substring(0, rest.length() - 1);
		}
		else {
			return null;
		}
		String keyId = tag.startsWith("\\") ? tag.substring(1) : tag;
		return hashTag(keyId).equals(tag) ? keyId : null;
	}

}
