package io.github.swrcache.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * The encoding of structured keys: compact, deterministic, injective, and read back by
 * {@link CacheKey#parse(String)}.
 */
class CacheKeyTests {

	private static final UUID ID = UUID.fromString("3f2a1b4c-5d6e-4f70-8192-a3b4c5d6e7f8");

	enum Currency {

		EUR, CHF

	}

	@Test
	void singleScalarIdIsPlainText() {
		assertThat(CacheKey.of("product", 42).encoded()).isEqualTo("product:v1:42");
		assertThat(CacheKey.of("product", "abc-1").encoded()).isEqualTo("product:v1:abc-1");
		assertThat(CacheKey.of("order", ID).encoded()).isEqualTo("order:v1:3f2a1b4c-5d6e-4f70-8192-a3b4c5d6e7f8");
		assertThat(CacheKey.builder("product").version(2).id(42L).build().encoded()).isEqualTo("product:v2:42");
		assertThat(CacheKey.of("flags", true, false).encoded()).isEqualTo("flags:v1:!true,!false");
		assertThat(CacheKey.of("settings").encoded()).isEqualTo("settings:v1");
	}

	@Test
	void compositeKeyWithFacetLocaleAndVersion() {
		CacheKey key = CacheKey.builder("price")
			.facet("detail")
			.version(3)
			.locale(Locale.forLanguageTag("de-CH"))
			.ids(42, Currency.EUR, LocalDate.of(2026, 11, 21), 'x', new BigInteger("123456789012345678901234567890"))
			.build();
		assertThat(key.encoded()).isEqualTo("price/detail:v3@de-CH:42,EUR,2026-11-21,x,123456789012345678901234567890");
		assertThat(key).hasToString(key.encoded());
		assertThat(key.domain()).isEqualTo("price");
		assertThat(key.facet()).isEqualTo("detail");
		assertThat(key.version()).isEqualTo(3);
		assertThat(key.locale()).isEqualTo(Locale.forLanguageTag("de-CH"));
		assertThat(key.ids()).containsExactly(42L, "EUR", "2026-11-21", "x",
				new BigInteger("123456789012345678901234567890"));
	}

	@Test
	void stringsThatWouldReadAsAnotherKindOfPartAreQuotedAndSeparatorsEscaped() {
		assertThat(CacheKey.of("k", "42").encoded()).isEqualTo("k:v1:'42");
		assertThat(CacheKey.of("k", "-7").encoded()).isEqualTo("k:v1:'-7");
		assertThat(CacheKey.of("k", "007").encoded()).isEqualTo("k:v1:007");
		assertThat(CacheKey.of("k", "").encoded()).isEqualTo("k:v1:'");
		assertThat(CacheKey.of("k", "!true").encoded()).isEqualTo("k:v1:'!true");
		assertThat(CacheKey.of("k", "'a").encoded()).isEqualTo("k:v1:''a");
		assertThat(CacheKey.of("k", ID.toString()).encoded()).isEqualTo("k:v1:'" + ID);
		assertThat(CacheKey.of("k", "a,b").encoded()).isEqualTo("k:v1:a%2Cb");
		assertThat(CacheKey.of("k", "50%").encoded()).isEqualTo("k:v1:50%25");
		assertThat(CacheKey.of("k", "a:b@c/d").encoded()).isEqualTo("k:v1:a:b@c/d");
		assertThat(CacheKey.of("k", "a", "b")).isNotEqualTo(CacheKey.of("k", "a,b"));
	}

	@Test
	void integralNumbersAreEqualByValueWhateverTheirType() {
		CacheKey fromInt = CacheKey.of("product", 42);
		assertThat(fromInt).isEqualTo(CacheKey.of("product", 42L))
			.isEqualTo(CacheKey.of("product", (short) 42))
			.isEqualTo(CacheKey.of("product", (byte) 42))
			.isEqualTo(CacheKey.of("product", BigInteger.valueOf(42)))
			.hasSameHashCodeAs(CacheKey.of("product", 42L));
		assertThat(fromInt).isNotEqualTo(CacheKey.of("product", "42"));
		assertThat(CacheKey.of("k", Currency.EUR)).isEqualTo(CacheKey.of("k", "EUR"));
	}

	@Test
	void versionBumpChangesTheEncoding() {
		CacheKey v1 = CacheKey.of("product", 42);
		CacheKey v2 = v1.toBuilder().version(2).build();
		assertThat(v2.encoded()).isEqualTo("product:v2:42");
		assertThat(v2).isNotEqualTo(v1);
		assertThat(v2.ids()).isEqualTo(v1.ids());
	}

	@Test
	void nullIdPartIsRejectedNamingThePart() {
		assertThatNullPointerException().isThrownBy(() -> CacheKey.of("price", 42, null))
			.withMessage("id part 1 of CacheKey 'price' must not be null");
		assertThatNullPointerException().isThrownBy(() -> CacheKey.builder(null))
			.withMessage("domain must not be null");
	}

	@Test
	void unsupportedIdPartTypesAreRejectedNamingThePartTheTypeAndTheAllowedTypes() {
		assertThatIllegalArgumentException().isThrownBy(() -> CacheKey.of("price", 42, new Object()))
			.withMessage("id part 1 of CacheKey 'price' has unsupported type java.lang.Object; allowed are String, "
					+ "Character, Byte, Short, Integer, Long, BigInteger, Boolean, UUID, Enum or LocalDate");
		assertThatIllegalArgumentException().isThrownBy(() -> CacheKey.of("price", 1.5))
			.withMessageStartingWith("id part 0 of CacheKey 'price' has unsupported type java.lang.Double "
					+ "(floating-point and decimal numbers are not exact ids");
		assertThatIllegalArgumentException().isThrownBy(() -> CacheKey.of("price", new BigDecimal("1.50")))
			.withMessageContaining("java.math.BigDecimal");
	}

	@Test
	void namesAndVersionAreValidated() {
		assertThatIllegalArgumentException().isThrownBy(() -> CacheKey.of("pro:duct", 1))
			.withMessage("domain must be letters, digits, '_', '-' or '.', was 'pro:duct'");
		assertThatIllegalArgumentException().isThrownBy(() -> CacheKey.of("", 1))
			.withMessage("domain must be letters, digits, '_', '-' or '.', was ''");
		assertThatIllegalArgumentException().isThrownBy(() -> CacheKey.builder("p").facet("a/b"))
			.withMessage("facet must be letters, digits, '_', '-' or '.', was 'a/b'");
		assertThatIllegalArgumentException().isThrownBy(() -> CacheKey.builder("p").version(-1))
			.withMessage("version must be zero or positive, was -1");
	}

	@Test
	void parseReadsTheEncodingBackAndRejectsOtherText() {
		CacheKey key = CacheKey.builder("price").facet("d").locale(Locale.JAPAN).ids("a,b", 7, ID, false, "").build();
		assertThat(CacheKey.parse(key.encoded())).isEqualTo(key);
		assertThat(parts(CacheKey.parse(key.encoded()))).isEqualTo(parts(key));
		assertThatIllegalArgumentException().isThrownBy(() -> CacheKey.parse("product:42"))
			.withMessage("Not an encoded CacheKey: 'product:42': the domain is not followed by ':v{version}'");
		assertThatIllegalArgumentException().isThrownBy(() -> CacheKey.parse("product:v1:'abc"))
			.withMessage("Not an encoded CacheKey: 'product:v1:'abc': it is not in canonical form ('product:v1:abc')");
		assertThatIllegalArgumentException().isThrownBy(() -> CacheKey.parse("product:v1:a%zz"))
			.withMessage("Not an encoded CacheKey: 'product:v1:a%zz': '%' must be followed by 25 or 2C");
		assertThatIllegalArgumentException().isThrownBy(() -> CacheKey.parse("product:v1:a,"))
			.withMessageStartingWith("Not an encoded CacheKey: 'product:v1:a,': it has an empty id part");
	}

	/**
	 * Property: over many random keys built from the characters that matter to the
	 * encoding (separators, escapes, quotes, digits), equal encodings mean equal keys and
	 * every encoding parses back to its key.
	 */
	@Test
	void encodingIsInjectiveOverRandomCompositeKeys() {
		Random random = new Random(20261121);
		Map<String, CacheKey> byEncoding = new HashMap<>();
		int distinct = 0;
		for (int i = 0; i < 20_000; i++) {
			CacheKey key = randomKey(random);
			CacheKey previous = byEncoding.putIfAbsent(key.encoded(), key);
			if (previous == null) {
				distinct++;
			}
			else {
				// Equality is by encoding: what matters is that the parts are the same.
				if (!parts(previous).equals(parts(key))) {
					assertThat(parts(previous)).as("keys encoded as %s", key.encoded()).isEqualTo(parts(key));
				}
			}
			if (!parts(CacheKey.parse(key.encoded())).equals(parts(key))) {
				assertThat(parts(CacheKey.parse(key.encoded()))).as(key.encoded()).isEqualTo(parts(key));
			}
		}
		// The generator repeats keys, but far from always: the property was tested on
		// many different keys.
		assertThat(distinct).isGreaterThan(10_000);
	}

	private static List<Object> parts(CacheKey key) {
		List<Object> parts = new ArrayList<>();
		parts.add(key.domain());
		parts.add(String.valueOf(key.facet()));
		parts.add(key.version());
		parts.add(String.valueOf(key.locale()));
		key.ids().forEach((id) -> parts.add(id.getClass().getSimpleName() + "=" + id));
		return parts;
	}

	private static CacheKey randomKey(Random random) {
		CacheKey.Builder builder = CacheKey.builder(random.nextBoolean() ? "a" : "a.b").version(random.nextInt(3));
		if (random.nextInt(3) == 0) {
			builder.facet(random.nextBoolean() ? "f" : "g-1");
		}
		if (random.nextInt(3) == 0) {
			builder.locale(random.nextBoolean() ? Locale.GERMANY : Locale.ROOT);
		}
		int parts = random.nextInt(4);
		List<Object> ids = new ArrayList<>();
		for (int i = 0; i < parts; i++) {
			ids.add(randomPart(random));
		}
		return builder.ids(ids.toArray()).build();
	}

	private static Object randomPart(Random random) {
		return switch (random.nextInt(6)) {
			case 0 -> (long) (random.nextInt(41) - 20);
			case 1 -> random.nextBoolean();
			case 2 -> new UUID(random.nextInt(2), random.nextInt(2));
			case 3 -> new UUID(random.nextInt(2), random.nextInt(2)).toString();
			default -> randomText(random);
		};
	}

	private static String randomText(Random random) {
		String alphabet = "ab01-,%'!:@/25C";
		int length = random.nextInt(5);
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < length; i++) {
			text.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return text.toString();
	}

}
