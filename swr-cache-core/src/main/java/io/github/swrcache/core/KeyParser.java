package io.github.swrcache.core;

import java.math.BigInteger;
import java.util.Locale;
import java.util.UUID;

/**
 * Reads the encoded form of a {@link CacheKey} back. Only canonical encodings are
 * accepted (what {@link CacheKey#encoded()} produces), so parsing is the exact inverse of
 * encoding.
 */
final class KeyParser {

	private static final String PREFIX = "Not an encoded CacheKey: ";

	private KeyParser() {
	}

	static CacheKey parse(String text) {
		try {
			CacheKey key = read(text);
			if (!key.encoded().equals(text)) {
				throw invalid(text, "it is not in canonical form ('" + key.encoded() + "')");
			}
			return key;
		}
		catch (IllegalArgumentException ex) {
			if (ex.getMessage() != null && ex.getMessage().startsWith(PREFIX)) {
				throw ex;
			}
			throw new IllegalArgumentException(PREFIX + "'" + text + "': " + ex.getMessage(), ex);
		}
	}

	private static CacheKey read(String text) {
		int colon = text.indexOf(':');
		if (colon < 0) {
			throw invalid(text, "it has no ':v{version}'");
		}
		String names = text.substring(0, colon);
		int slash = names.indexOf('/');
		CacheKey.Builder builder = CacheKey.builder((slash < 0) ? names : names.substring(0, slash));
		if (slash >= 0) {
			builder.facet(names.substring(slash + 1));
		}
		if (!text.startsWith("v", colon + 1)) {
			throw invalid(text, "the domain is not followed by ':v{version}'");
		}
		int end = colon + 2;
		while (end < text.length() && text.charAt(end) != '@' && text.charAt(end) != ':') {
			end++;
		}
		builder.version(Integer.parseInt(text.substring(colon + 2, end)));
		if (end < text.length() && text.charAt(end) == '@') {
			int tagEnd = text.indexOf(':', end);
			tagEnd = (tagEnd < 0) ? text.length() : tagEnd;
			builder.locale(Locale.forLanguageTag(text.substring(end + 1, tagEnd)));
			end = tagEnd;
		}
		if (end < text.length()) {
			for (String part : text.substring(end + 1).split(",", -1)) {
				builder.id(readId(text, part));
			}
		}
		return builder.build();
	}

	private static Object readId(String text, String part) {
		if (part.startsWith("'")) {
			return unescape(text, part.substring(1));
		}
		if (part.startsWith("!")) {
			return switch (part) {
				case "!true" -> Boolean.TRUE;
				case "!false" -> Boolean.FALSE;
				default -> throw invalid(text, "'" + part + "' is neither !true nor !false");
			};
		}
		if (CacheKey.isIntegral(part)) {
			BigInteger value = new BigInteger(part);
			return (value.bitLength() < Long.SIZE) ? (Object) value.longValue() : value;
		}
		if (CacheKey.isUuid(part)) {
			return UUID.fromString(part);
		}
		if (part.isEmpty()) {
			throw invalid(text, "it has an empty id part (an empty string is written ')");
		}
		return unescape(text, part);
	}

	private static String unescape(String text, String part) {
		StringBuilder value = new StringBuilder(part.length());
		for (int i = 0; i < part.length(); i++) {
			char c = part.charAt(i);
			if (c != '%') {
				value.append(c);
			}
			else if (part.startsWith("%25", i)) {
				value.append('%');
				i += 2;
			}
			else if (part.startsWith("%2C", i)) {
				value.append(',');
				i += 2;
			}
			else {
				throw invalid(text, "'%' must be followed by 25 or 2C");
			}
		}
		return value.toString();
	}

	private static IllegalArgumentException invalid(String text, String reason) {
		return new IllegalArgumentException(PREFIX + "'" + text + "': " + reason);
	}

}
