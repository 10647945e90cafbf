package io.github.swrcache.core;

import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A structured cache key: a domain, an optional facet, a version, an optional locale and
 * zero or more id parts, with one compact, deterministic text form ({@link #encoded()}).
 * Immutable and thread-safe; usable as the key of any {@link SwrCache}
 * ({@code SwrCache<CacheKey, V>}), where its encoding is the key id in Redis and on the
 * bus.
 *
 * <h2>Encoding</h2>
 *
 * <pre>
 * domain[/facet]:v{version}[@{language tag}][:{id}[,{id}]...]
 *
 * CacheKey.of("product", 42)                                      product:v1:42
 * CacheKey.builder("price").version(2).ids(42, "EUR").build()     price:v2:42,EUR
 * CacheKey.builder("product").facet("page").locale(Locale.GERMANY)
 *     .ids(UUID.fromString("…")).build()                          product/page:v1@de-DE:3f2a…
 * </pre>
 *
 * <ul>
 * <li>The domain and the facet are names of letters, digits, {@code _}, {@code -} and
 * {@code .}: no escaping is ever needed for them.</li>
 * <li>The version is always written, so bumping it gives every key of the domain a new
 * encoding: the entries written under the old version are orphaned (never read again,
 * gone when their Redis TTL ends).</li>
 * <li>The locale is written as its BCP 47 language tag.</li>
 * <li>Id parts are written in order, separated by {@code ,}:
 * <ul>
 * <li>integral numbers ({@link Byte}, {@link Short}, {@link Integer}, {@link Long},
 * {@link BigInteger}) in decimal, and equal by value whatever their Java type, so a key
 * built from an {@code int} equals one built from a {@code long};</li>
 * <li>{@link Boolean} as {@code !true} or {@code !false};</li>
 * <li>{@link UUID} in its lower-case 36-character form;</li>
 * <li>{@link String} as is, except that {@code %} and {@code ,} are percent-escaped
 * ({@code %25}, {@code %2C}), and that a string that would read as another kind of part
 * (empty, an integer, a UUID, or starting with {@code !} or {@code '}) is preceded by
 * {@code '};</li>
 * <li>{@link Enum} constants by {@link Enum#name() name}, {@link Character} and
 * {@link LocalDate} (ISO {@code 2024-05-31}) as strings: a key stays the same when the
 * enum moves to another class, and these parts equal the same text given as a
 * {@code String}.</li>
 * </ul>
 * </li>
 * </ul>
 * The encoding is injective: two keys are {@link #equals(Object) equal} exactly when
 * their encodings are, and {@link #parse(String)} reads any encoding back. Floating-point
 * numbers are rejected (their text is not exact, and {@code 0.1 + 0.2} would not find
 * {@code 0.3}); so is any other type, with an {@link IllegalArgumentException} that names
 * the part.
 */
public final class CacheKey {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");

	private static final Pattern INTEGRAL = Pattern.compile("-?(0|[1-9][0-9]*)");

	private static final Pattern UUID_TEXT = Pattern
		.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	private static final String ALLOWED_TYPES = "String, Character, Byte, Short, Integer, Long, BigInteger, "
			+ "Boolean, UUID, Enum or LocalDate";

	private final String domain;

	private final @Nullable String facet;

	private final int version;

	private final @Nullable Locale locale;

	private final List<Object> ids;

	private final String encoded;

	private CacheKey(Builder builder) {
		this.domain = builder.domain;
		this.facet = builder.facet;
		this.version = builder.version;
		this.locale = builder.locale;
		this.ids = Collections.unmodifiableList(new ArrayList<>(builder.ids));
		this.encoded = encode();
	}

	/**
	 * A key of version 1 with no facet and no locale.
	 * @param domain the domain, such as {@code product}
	 * @param ids the id parts
	 * @return the key
	 * @throws NullPointerException when the domain or an id part is {@code null}
	 * @throws IllegalArgumentException when the domain is not a name or an id part is of
	 * an unsupported type
	 */
	public static CacheKey of(String domain, Object... ids) {
		return builder(domain).ids(ids).build();
	}

	/**
	 * A builder of keys of {@code domain}.
	 * @param domain the domain, such as {@code product}: letters, digits, {@code _},
	 * {@code -} and {@code .}
	 * @return the builder
	 * @throws NullPointerException when the domain is {@code null}
	 * @throws IllegalArgumentException when the domain is not such a name
	 */
	public static Builder builder(String domain) {
		return new Builder(domain);
	}

	/**
	 * Reads an {@link #encoded()} form back.
	 * @param encoded the encoded key
	 * @return the key, equal to the key that was encoded
	 * @throws IllegalArgumentException when the text is not an encoded key
	 */
	public static CacheKey parse(String encoded) {
		return KeyParser.parse(Objects.requireNonNull(encoded, "encoded must not be null"));
	}

	/**
	 * The domain.
	 * @return the domain
	 */
	public String domain() {
		return this.domain;
	}

	/**
	 * The facet, if any.
	 * @return the facet, or {@code null}
	 */
	public @Nullable String facet() {
		return this.facet;
	}

	/**
	 * The version.
	 * @return the version, 1 unless set
	 */
	public int version() {
		return this.version;
	}

	/**
	 * The locale, if any, as read back from its language tag.
	 * @return the locale, or {@code null}
	 */
	public @Nullable Locale locale() {
		return this.locale;
	}

	/**
	 * The id parts, normalized: integral numbers as {@link Long} (or {@link BigInteger}
	 * beyond its range), enum constants, characters and dates as {@link String}.
	 * @return the id parts, unmodifiable
	 */
	public List<Object> ids() {
		return this.ids;
	}

	/**
	 * A builder that starts from this key, such as for another version.
	 * @return a new builder with this key's parts
	 */
	public Builder toBuilder() {
		Builder builder = new Builder(this.domain).version(this.version);
		builder.facet = this.facet;
		builder.locale = this.locale;
		builder.ids.addAll(this.ids);
		return builder;
	}

	/**
	 * The compact, deterministic text form described in the class documentation.
	 * @return the encoded key
	 */
	public String encoded() {
		return this.encoded;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other || (other instanceof CacheKey key && this.encoded.equals(key.encoded));
	}

	@Override
	public int hashCode() {
		return this.encoded.hashCode();
	}

	/**
	 * The {@link #encoded()} form, which is also the key's id in Redis and on the bus.
	 * @return the encoded key
	 */
	@Override
	public String toString() {
		return this.encoded;
	}

	private String encode() {
		StringBuilder text = new StringBuilder(32).append(this.domain);
		if (this.facet != null) {
			text.append('/').append(this.facet);
		}
		text.append(":v").append(this.version);
		if (this.locale != null) {
			text.append('@').append(this.locale.toLanguageTag());
		}
		for (int i = 0; i < this.ids.size(); i++) {
			text.append((i == 0) ? ':' : ',');
			appendId(text, this.ids.get(i));
		}
		return text.toString();
	}

	private static void appendId(StringBuilder text, Object id) {
		if (id instanceof String string) {
			if (needsQuote(string)) {
				text.append('\'');
			}
			for (int i = 0; i < string.length(); i++) {
				char c = string.charAt(i);
				switch (c) {
					case '%' -> text.append("%25");
					case ',' -> text.append("%2C");
					default -> text.append(c);
				}
			}
		}
		else if (id instanceof Boolean bool) {
			text.append(bool ? "!true" : "!false");
		}
		else {
			// Long, BigInteger and UUID: their toString() is the documented form.
			text.append(id);
		}
	}

	/**
	 * Whether a string part must be marked so that it does not read as another kind of
	 * part.
	 */
	static boolean needsQuote(String string) {
		if (string.isEmpty()) {
			return true;
		}
		char first = string.charAt(0);
		return first == '\'' || first == '!' || INTEGRAL.matcher(string).matches()
				|| UUID_TEXT.matcher(string).matches();
	}

	static boolean isIntegral(String text) {
		return INTEGRAL.matcher(text).matches();
	}

	static boolean isUuid(String text) {
		return UUID_TEXT.matcher(text).matches();
	}

	private static String requireName(String what, @Nullable String name) {
		Objects.requireNonNull(name, () -> what + " must not be null");
		if (!NAME.matcher(name).matches()) {
			throw new IllegalArgumentException(what + " must be letters, digits, '_', '-' or '.', was '" + name + "'");
		}
		return name;
	}

	/**
	 * The normalized form of one id part; see the class documentation.
	 */
	private static Object normalize(String domain, int index, @Nullable Object id) {
		if (id == null) {
			throw new NullPointerException("id part " + index + " of CacheKey '" + domain + "' must not be null");
		}
		if (id instanceof String || id instanceof Long || id instanceof Boolean || id instanceof UUID) {
			return id;
		}
		if (id instanceof Integer || id instanceof Short || id instanceof Byte) {
			return ((Number) id).longValue();
		}
		if (id instanceof BigInteger big) {
			return (big.bitLength() < Long.SIZE) ? (Object) big.longValue() : big;
		}
		if (id instanceof Enum<?> constant) {
			return constant.name();
		}
		if (id instanceof Character || id instanceof LocalDate) {
			return id.toString();
		}
		String hint = (id instanceof Number) ? " (floating-point and decimal numbers are not exact ids: pass "
				+ "a String such as BigDecimal.toPlainString())" : "";
		throw new IllegalArgumentException("id part " + index + " of CacheKey '" + domain + "' has unsupported type "
				+ id.getClass().getName() + hint + "; allowed are " + ALLOWED_TYPES);
	}

	/**
	 * Builds a {@link CacheKey}. Not thread-safe; each setter validates its argument at
	 * once.
	 */
	public static final class Builder {

		private final String domain;

		private @Nullable String facet;

		private int version = 1;

		private @Nullable Locale locale;

		private final List<Object> ids = new ArrayList<>();

		private Builder(String domain) {
			this.domain = requireName("domain", domain);
		}

		/**
		 * Sets the facet, such as {@code summary} or {@code page}: a second level under
		 * the domain.
		 * @param facet letters, digits, {@code _}, {@code -} and {@code .}
		 * @return this builder
		 */
		public Builder facet(String facet) {
			this.facet = requireName("facet", facet);
			return this;
		}

		/**
		 * Sets the version; bump it when the cached type or its meaning changes, so that
		 * the old entries are never read again.
		 * @param version zero or more
		 * @return this builder
		 */
		public Builder version(int version) {
			if (version < 0) {
				throw new IllegalArgumentException("version must be zero or positive, was " + version);
			}
			this.version = version;
			return this;
		}

		/**
		 * Sets the locale.
		 * @param locale the locale
		 * @return this builder
		 */
		public Builder locale(Locale locale) {
			Objects.requireNonNull(locale, "locale must not be null");
			// Read back from its tag, so that equal encodings mean equal keys.
			this.locale = Locale.forLanguageTag(locale.toLanguageTag());
			return this;
		}

		/**
		 * Adds one id part.
		 * @param id a String, Character, Byte, Short, Integer, Long, BigInteger, Boolean,
		 * UUID, Enum or LocalDate
		 * @return this builder
		 * @throws NullPointerException when {@code id} is {@code null}
		 * @throws IllegalArgumentException when its type is not supported
		 */
		public Builder id(Object id) {
			this.ids.add(normalize(this.domain, this.ids.size(), id));
			return this;
		}

		/**
		 * Adds id parts, in order.
		 * @param ids the id parts, each as for {@link #id(Object)}
		 * @return this builder
		 */
		public Builder ids(Object... ids) {
			Objects.requireNonNull(ids, "ids must not be null");
			for (Object id : ids) {
				id(id);
			}
			return this;
		}

		/**
		 * Builds the key.
		 * @return the key
		 */
		public CacheKey build() {
			return new CacheKey(this);
		}

	}

}
