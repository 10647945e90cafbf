package io.github.swrcache.core.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The glob of {@code invalidateMatching}: Redis's syntax and meaning, and only globs that
 * cannot swallow the Redis pattern text after them.
 */
class KeyGlobTests {

	@Test
	void blankGlobIsRejectedWithTheValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> KeyGlob.of(""))
			.withMessage("glob must not be blank, was ''");
		assertThatIllegalArgumentException().isThrownBy(() -> KeyGlob.of("  "))
			.withMessage("glob must not be blank, was '  '");
	}

	@Test
	void globLongerThan256CharactersIsRejected() {
		assertThat(KeyGlob.of("a".repeat(256)).text()).hasSize(256);
		assertThatIllegalArgumentException().isThrownBy(() -> KeyGlob.of("a".repeat(257)))
			.withMessageStartingWith("glob must be at most 256 characters, was 257 ('aaaaaaaa");
	}

	@Test
	void globEndingInALoneBackslashIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> KeyGlob.of("\\"))
			.withMessage("glob must not end with a lone '\\' (write '\\\\' for a backslash), was '\\'");
		assertThatIllegalArgumentException().isThrownBy(() -> KeyGlob.of("user:\\\\\\"))
			.withMessageContaining("lone '\\'");
		assertThat(KeyGlob.of("user:\\\\").matches("user:\\")).isTrue();
	}

	@Test
	void unclosedSetIsRejected() {
		for (String glob : new String[] { "[", "user:[12", "*[k", "[a-]", "[\\]", "[^" }) {
			assertThatIllegalArgumentException().as(glob)
				.isThrownBy(() -> KeyGlob.of(glob))
				.withMessage("glob must close every '[' with ']' (write '\\[' for a bracket), was '" + glob + "'");
		}
	}

	@Test
	void starMatchesAnyRunAndQuestionMarkOneByte() {
		KeyGlob glob = KeyGlob.of("user:1*");
		assertThat(glob.matches("user:1")).isTrue();
		assertThat(glob.matches("user:123")).isTrue();
		assertThat(glob.matches("user:2")).isFalse();
		assertThat(glob.matches("xuser:1")).isFalse();
		assertThat(KeyGlob.of("*:1?").matches("user:12")).isTrue();
		assertThat(KeyGlob.of("*:1?").matches("user:1")).isFalse();
		assertThat(KeyGlob.of("*a*b*c").matches("xxaybzzcc")).isTrue();
		assertThat(KeyGlob.of("*a*b*c").matches("xxaybzzcd")).isFalse();
		assertThat(KeyGlob.of("*").matches("")).isTrue();
		// One byte, as Redis sees it: 'é' is two bytes in UTF-8.
		assertThat(KeyGlob.of("?").matches("é")).isFalse();
		assertThat(KeyGlob.of("??").matches("é")).isTrue();
	}

	@Test
	void setsRangesNegationAndEscapes() {
		assertThat(KeyGlob.of("user:[13]").matches("user:3")).isTrue();
		assertThat(KeyGlob.of("user:[13]").matches("user:2")).isFalse();
		assertThat(KeyGlob.of("user:[^13]").matches("user:2")).isTrue();
		assertThat(KeyGlob.of("user:[^13]").matches("user:1")).isFalse();
		assertThat(KeyGlob.of("user:[2-4]").matches("user:3")).isTrue();
		assertThat(KeyGlob.of("user:[4-2]").matches("user:3")).isTrue();
		assertThat(KeyGlob.of("user:[2-4]").matches("user:5")).isFalse();
		assertThat(KeyGlob.of("[a-]]").matches("]")).isTrue();
		assertThat(KeyGlob.of("[\\]]").matches("]")).isTrue();
		assertThat(KeyGlob.of("[]").matches("a")).isFalse();
		assertThat(KeyGlob.of("\\*").matches("*")).isTrue();
		assertThat(KeyGlob.of("\\*").matches("a")).isFalse();
		assertThat(KeyGlob.of("*}*").matches("a}b")).isTrue();
		assertThat(KeyGlob.of("*}*").matches("ab")).isFalse();
	}

	@Test
	void escapeMakesALiteralMatchOnlyItself() {
		String literal = "p*x?:[c]\\:1:";
		KeyGlob glob = KeyGlob.of(KeyGlob.escape(literal));
		assertThat(glob.matches(literal)).isTrue();
		assertThat(glob.matches("p*x?:c\\:1:")).isFalse();
		assertThat(glob.matches("pAxB:[c]\\:1:")).isFalse();
	}

	@Test
	void manyStarsDoNotBacktrackExponentially() {
		KeyGlob glob = KeyGlob.of("*a".repeat(60) + "b");
		long start = System.nanoTime();
		assertThat(glob.matches("a".repeat(200))).isFalse();
		assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
	}

}
