package io.github.swrcache.core;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.fail;

/**
 * Property-style tests with a seeded {@link Random} and many iterations: random and
 * hostile values for every builder setter, and hostile keys and values for an in-process
 * cache. The only exceptions allowed are the documented ones,
 * {@link IllegalArgumentException} and {@link NullPointerException} naming the field and
 * the value; a policy that builds must then work.
 */
class BadInputTests {

	private static final long SEED = 8;

	private static final int ITERATIONS = 2_000;

	private final Random random = new Random(SEED);

	private final Map<String, Integer> outcomes = new TreeMap<>();

	@Test
	void cachePolicyBuilderAcceptsOrRejectsNamingFieldAndValue() {
		for (int i = 0; i < ITERATIONS; i++) {
			CachePolicy.Builder builder = CachePolicy.builder();
			for (int step = 0; step < 1 + this.random.nextInt(4); step++) {
				Duration duration = duration();
				double number = number();
				switch (this.random.nextInt(11)) {
					case 0 -> attempt("ttl", duration, () -> builder.ttl(duration));
					case 1 -> attempt("staleWhileRevalidate", duration, () -> builder.staleWhileRevalidate(duration));
					case 2 -> attempt("staleIfError", duration, () -> builder.staleIfError(duration));
					case 3 -> attempt("jitter", number, () -> builder.jitter(number));
					case 4 -> attempt("earlyRefreshBeta", number, () -> builder.earlyRefreshBeta(number));
					case 5 -> attempt("loadTimeout", duration, () -> builder.loadTimeout(duration));
					case 6 -> attempt("loadHardTimeout", duration, () -> builder.loadHardTimeout(duration));
					case 7 -> attempt("failSafeThrottle", duration, () -> builder.failSafeThrottle(duration));
					case 8 -> attempt("nullTtl", duration, () -> builder.nullTtl(duration));
					case 9 -> builder.earlyRefresh(this.random.nextBoolean());
					default -> builder.cacheNulls(this.random.nextBoolean());
				}
			}
			CachePolicy[] built = new CachePolicy[1];
			attempt("loadHardTimeout", null, () -> built[0] = builder.build());
			if (built[0] != null) {
				usable(built[0]);
			}
		}
		System.out.println("CachePolicy.builder() fuzz, seed " + SEED + ": " + this.outcomes);
		assertThat(this.outcomes).containsKeys("accepted", "rejected");
		assertThat(this.outcomes.get("policy used")).isGreaterThan(ITERATIONS / 4);
	}

	@Test
	void remoteOptionsBuilderAcceptsOrRejectsNamingFieldAndValue() {
		for (int i = 0; i < ITERATIONS; i++) {
			RemoteOptions.Builder builder = RemoteOptions.builder();
			Duration duration = duration();
			int number = integer();
			String text = BadKeys.text(this.random);
			switch (this.random.nextInt(10)) {
				case 0 -> attempt("keyPrefix", text, () -> builder.keyPrefix(text));
				case 1 -> attempt("commandTimeout", duration, () -> builder.commandTimeout(duration));
				case 2 -> attempt("lockLease", duration, () -> builder.lockLease(duration));
				case 3 -> attempt("lockWait", duration, () -> builder.lockWait(duration));
				case 4 -> attempt("maxValueSize", number, () -> builder.maxValueSize(number));
				case 5 -> attempt("compressionThreshold", number, () -> builder.compressionThreshold(number));
				case 6 -> attempt("keyVersion", number, () -> builder.keyVersion(number));
				case 7 -> attempt("maxPendingInvalidations", number, () -> builder.maxPendingInvalidations(number));
				case 8 -> attempt("onLockTimeout", null, () -> builder.onLockTimeout(null));
				default -> attempt("circuitBreaker", null, () -> builder.circuitBreaker(null));
			}
			builder.build();
		}
		System.out.println("RemoteOptions.builder() fuzz, seed " + SEED + ": " + this.outcomes);
		assertThat(this.outcomes).containsKeys("accepted", "rejected");
	}

	@Test
	void circuitBreakerSettingsAcceptOrRejectNamingFieldAndValue() {
		for (int i = 0; i < ITERATIONS; i++) {
			float failureRate = (float) number() * 100;
			float slowRate = (float) number() * 100;
			Duration slow = duration();
			Duration open = duration();
			int window = integer();
			int minimum = integer();
			int halfOpen = integer();
			try {
				new CircuitBreakerSettings(failureRate, slowRate, slow, window, minimum, open, halfOpen);
				count("accepted");
			}
			catch (IllegalArgumentException ex) {
				// The first field checked that is out of range is named, with its value.
				Map<String, Object> fields = Map.of("failureRateThreshold", failureRate, "slowCallRateThreshold",
						slowRate, "slowCallDuration", String.valueOf(slow), "waitInOpenState", String.valueOf(open),
						"slidingWindowSize", window, "minimumCalls", minimum, "halfOpenCalls", halfOpen);
				String field = ex.getMessage().substring(0, ex.getMessage().indexOf(' '));
				assertThat(fields).containsKey(field);
				assertThat(ex.getMessage()).contains(" must ").endsWith(", was " + fields.get(field));
				count("rejected");
			}
		}
		System.out.println("CircuitBreakerSettings fuzz, seed " + SEED + ": " + this.outcomes);
		assertThat(this.outcomes).containsKeys("accepted", "rejected");
	}

	@Test
	void managerBuilderAcceptsOrRejectsNamingFieldAndValue() {
		for (int i = 0; i < ITERATIONS / 4; i++) {
			SwrCacheManager.Builder builder = SwrCacheManager.builder();
			Duration duration = duration();
			long number = integer();
			String text = BadKeys.text(this.random);
			switch (this.random.nextInt(6)) {
				case 0 -> attempt("localMaxEntries", number, () -> builder.localMaxEntries(number));
				case 1 -> attempt("localMaxTtl", duration, () -> builder.localMaxTtl(duration));
				case 2 -> attempt("refreshTimeout", duration, () -> builder.refreshTimeout(duration));
				case 3 -> attempt("refreshThreads", number, () -> builder.refreshThreads((int) number));
				case 4 -> attempt("refreshQueueCapacity", number, () -> builder.refreshQueueCapacity((int) number));
				default -> attempt("nodeId", text, () -> builder.nodeId(text));
			}
			try (SwrCacheManager manager = builder.build()) {
				SwrCache<String, String> cache = manager.cache("c", String.class);
				assertThat(cache.get("k", (key) -> "v")).isEqualTo("v");
			}
		}
		System.out.println("SwrCacheManager.builder() fuzz, seed " + SEED + ": " + this.outcomes);
		assertThat(this.outcomes).containsKeys("accepted", "rejected");
	}

	@Test
	void hostileKeysAndValuesWorkInProcess() {
		try (SwrCacheManager manager = SwrCacheManager.builder().build()) {
			SwrCache<String, String> cache = manager.cache("c", String.class);
			SwrCache<String, String> nulls = manager.cache("nulls", String.class,
					CachePolicy.builder().cacheNulls(true).build());
			for (int i = 0; i < ITERATIONS; i++) {
				String key = BadKeys.key(this.random);
				String value = BadKeys.text(this.random);
				assertThat(cache.get(key, (k) -> value)).isEqualTo(value);
				assertThat(cache.peek(key).value()).isEqualTo(value);
				cache.put(key, value + "!");
				assertThat(cache.get(key, (k) -> "not loaded")).isEqualTo(value + "!");
				// put(null) without cache-nulls removes the entry
				cache.put(key, null);
				assertThat(cache.peek(key).state()).isEqualTo(EntryState.ABSENT);
				assertThat(nulls.get(key, (k) -> null)).isNull();
				assertThat(nulls.peek(key).state()).isEqualTo(EntryState.FRESH);
				cache.invalidate(key);
				cache.invalidateTag(key.isBlank() ? "tag" : key);
			}
			assertThatNullPointerException().isThrownBy(() -> cache.get(null, (k) -> "v"))
				.withMessage("key must not be null");
			assertThatNullPointerException().isThrownBy(() -> cache.put(null, "v")).withMessage("key must not be null");
			assertThatNullPointerException().isThrownBy(() -> cache.get("k", (Loader<String, String>) null))
				.withMessage("loader must not be null");
		}
	}

	private void usable(CachePolicy policy) {
		// Time stands still and the early-refresh draw never fires: a random policy's
		// ttl of a millisecond must neither expire "w" nor refresh it (without its tag)
		// before the tag invalidation below. Refreshes, should one start, run inline.
		try (SwrCacheManager manager = SwrCacheManager.builder()
			.clock(new FakeClock())
			.random(new FixedRandom(0))
			.refreshExecutor(Runnable::run)
			.build()) {
			SwrCache<String, String> cache = manager.cache("c", String.class, policy);
			assertThat(cache.get("k", (key) -> "v")).isEqualTo("v");
			cache.put("k", "w", List.of("t"));
			assertThat(cache.get("k", (key) -> "not loaded")).isEqualTo("w");
			cache.invalidateTag("t");
			assertThat(cache.get("k", (key) -> "reloaded")).isEqualTo("reloaded");
			count("policy used");
		}
		catch (SwrLoadException ex) {
			// A hard timeout of a few milliseconds may end a load before the load thread
			// has even run it (a cold JVM, a busy machine): the documented outcome of
			// such
			// a policy, not a failure of the policy.
			Duration hard = policy.loadHardTimeout();
			if (!(ex.getCause() instanceof TimeoutException) || hard == null
					|| hard.compareTo(Duration.ofMillis(50)) >= 0) {
				fail("A policy that builds must work: " + policy + " threw " + ex, ex);
			}
			count("policy timed out by its own hard timeout");
		}
		catch (RuntimeException ex) {
			fail("A policy that builds must work: " + policy + " threw " + ex, ex);
		}
	}

	private void attempt(String field, @Nullable Object value, Runnable setter) {
		try {
			setter.run();
			count("accepted");
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			assertThat(ex.getMessage()).as("message of %s", ex).contains(field);
			if (value != null && ex instanceof IllegalArgumentException) {
				assertThat(ex.getMessage()).as("message of %s", ex).contains(String.valueOf(value));
			}
			count("rejected");
		}
		catch (RuntimeException ex) {
			fail("Undocumented exception for " + field + " = " + value + ": " + ex, ex);
		}
	}

	private void count(String outcome) {
		this.outcomes.merge(outcome, 1, Integer::sum);
	}

	private @Nullable Duration duration() {
		return switch (this.random.nextInt(12)) {
			case 0 -> null;
			case 1 -> Duration.ZERO;
			case 2 -> Duration.ofNanos(-1 - this.random.nextInt(1_000_000));
			case 3 -> Duration.ofNanos(1 + this.random.nextInt(999_999));
			case 4 -> ChronoUnit.FOREVER.getDuration();
			case 5 -> Duration.ofDays(365L * (1 + this.random.nextInt(100_000)));
			case 6 -> Duration.ofSeconds(Long.MIN_VALUE);
			default -> Duration.ofMillis(this.random.nextInt(120_000) - 10_000);
		};
	}

	private double number() {
		return switch (this.random.nextInt(8)) {
			case 0 -> Double.NaN;
			case 1 -> this.random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
			case 2 -> -this.random.nextDouble();
			case 3 -> 1 + this.random.nextDouble() * 10;
			case 4 -> Double.MIN_VALUE;
			default -> this.random.nextDouble();
		};
	}

	private int integer() {
		return switch (this.random.nextInt(6)) {
			case 0 -> Integer.MIN_VALUE;
			case 1 -> 0;
			case 2 -> -1 - this.random.nextInt(1_000);
			default -> 1 + this.random.nextInt(1_000);
		};
	}

	/**
	 * Hostile key and value texts, shared by the in-process and the Redis tests.
	 */
	static final class BadKeys {

		private static final List<String> SPECIAL = List.of("", " ", "\u0000", "\r\n", "\t", "*", "?", "[a-z]", "{",
				"}", "{}", "}{", "\\", "\\\\", "|", ":", "::", "%s", "${x}", "'\"", "\u00e9t\u00e9", "\u65e5\u672c",
				"\ud83d\ude00", "\ud800", "\u202e", "\ufeff", "null", "-0", "__tags", "__clear", "x:lock", "x:wait");

		private BadKeys() {
		}

		static String key(Random random) {
			int kind = random.nextInt(20);
			if (kind == 0) {
				// 1 MB: hashed into a short Redis key with a readable prefix.
				return "huge-" + "k".repeat(1024 * 1024) + random.nextInt();
			}
			if (kind < 8) {
				return SPECIAL.get(random.nextInt(SPECIAL.size()));
			}
			return text(random);
		}

		static String text(Random random) {
			StringBuilder text = new StringBuilder();
			int length = (random.nextInt(10) == 0) ? 150 + random.nextInt(200) : random.nextInt(20);
			for (int i = 0; i < length; i++) {
				switch (random.nextInt(5)) {
					case 0 -> text.append((char) random.nextInt(32));
					case 1 -> text.appendCodePoint(0x80 + random.nextInt(0x2FF00));
					case 2 -> text.append(SPECIAL.get(random.nextInt(SPECIAL.size())));
					default -> text.append((char) (32 + random.nextInt(95)));
				}
			}
			return text.toString();
		}

		static List<String> keys(Random random, int count) {
			List<String> keys = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				keys.add(key(random));
			}
			return keys;
		}

		static void forEach(Random random, int count, Consumer<String> action) {
			keys(random, count).forEach(action);
		}

	}

}
