package io.github.swrcache.spring.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import io.github.swrcache.core.SwrCache;
import io.github.swrcache.core.SwrCacheManager;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Random and garbage values for every {@code swr.cache.*} property, a few at a time, with
 * a seeded {@link Random}: the application either starts, or fails with one of the two
 * documented failures, both naming the property and the value: Spring Boot's
 * {@link BindException} (the text is not a duration, number, size or enum constant), or
 * an {@link InvalidSwrCachePropertyException} (the value is out of range), which the
 * failure analyzer explains. Nothing else may come out.
 */
class SwrCachePropertiesFuzzTests {

	private static final long SEED = 8;

	private static final Map<String, Kind> PROPERTIES = new LinkedHashMap<>();

	static {
		for (String policy : List.of("ttl", "stale-while-revalidate", "stale-if-error", "load-timeout",
				"load-hard-timeout", "fail-safe-throttle", "null-ttl")) {
			PROPERTIES.put("swr.cache.defaults." + policy, Kind.DURATION);
		}
		PROPERTIES.put("swr.cache.defaults.jitter", Kind.FRACTION);
		PROPERTIES.put("swr.cache.defaults.early-refresh", Kind.BOOLEAN);
		PROPERTIES.put("swr.cache.defaults.cache-nulls", Kind.BOOLEAN);
		PROPERTIES.put("swr.cache.local.max-entries", Kind.INTEGER);
		PROPERTIES.put("swr.cache.local.max-ttl", Kind.DURATION);
		PROPERTIES.put("swr.cache.refresh.threads", Kind.INTEGER);
		PROPERTIES.put("swr.cache.refresh.queue-capacity", Kind.INTEGER);
		PROPERTIES.put("swr.cache.refresh.timeout", Kind.DURATION);
		PROPERTIES.put("swr.cache.key-prefix", Kind.TEXT);
		PROPERTIES.put("swr.cache.redis.command-timeout", Kind.DURATION);
		PROPERTIES.put("swr.cache.redis.lock.lease", Kind.DURATION);
		PROPERTIES.put("swr.cache.redis.lock.wait", Kind.DURATION);
		PROPERTIES.put("swr.cache.redis.lock.on-lock-timeout", Kind.ENUM);
		PROPERTIES.put("swr.cache.redis.max-value-size", Kind.SIZE);
		PROPERTIES.put("swr.cache.redis.compression-threshold", Kind.SIZE);
		PROPERTIES.put("swr.cache.redis.key-version", Kind.INTEGER);
		PROPERTIES.put("swr.cache.redis.max-pending-invalidations", Kind.INTEGER);
		PROPERTIES.put("swr.cache.redis.circuit-breaker.failure-rate-threshold", Kind.PERCENT);
		PROPERTIES.put("swr.cache.redis.circuit-breaker.slow-call-rate-threshold", Kind.PERCENT);
		PROPERTIES.put("swr.cache.redis.circuit-breaker.slow-call-duration", Kind.DURATION);
		PROPERTIES.put("swr.cache.redis.circuit-breaker.sliding-window-size", Kind.INTEGER);
		PROPERTIES.put("swr.cache.redis.circuit-breaker.minimum-calls", Kind.INTEGER);
		PROPERTIES.put("swr.cache.redis.circuit-breaker.wait-in-open-state", Kind.DURATION);
		PROPERTIES.put("swr.cache.redis.circuit-breaker.half-open-calls", Kind.INTEGER);
		for (String policy : List.of("ttl", "stale-while-revalidate", "stale-if-error", "load-timeout",
				"load-hard-timeout", "null-ttl")) {
			PROPERTIES.put("swr.cache.caches.products." + policy, Kind.DURATION);
		}
		PROPERTIES.put("swr.cache.caches.products.jitter", Kind.FRACTION);
		PROPERTIES.put("swr.cache.caches.products.value-type", Kind.CLASS);
	}

	private static final List<String> GARBAGE = List.of("", " ", "-", "abc", "NaN", "-Infinity", "1e400", "0x1F",
			"99999999999999999999999", "-2147483649", "5 s", "PT", "P-1D", "1.5.3", "null", "${undefined}",
			"\u00e9t\u00e9", "\u0000", "\t\n", "{x}", "a|b", "\ud83d\ude00", "1KBB", "-1MB", "true", "LOAD;FAIL",
			"36501d", "9999999999d", "2147483648");

	private final ApplicationContextRunner inProcess = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SwrCacheAutoConfiguration.class))
		.withClassLoader(new FilteredClassLoader(LettuceConnectionFactory.class));

	// Port 1 refuses at once: the manager is built with every Redis option and starts.
	private final ApplicationContextRunner withRedis = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, SwrCacheAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.url=redis://127.0.0.1:1", "spring.data.redis.connect-timeout=100ms");

	private final Map<String, Integer> outcomes = new TreeMap<>();

	@Test
	void randomPropertyValuesStartTheApplicationOrFailNamingPropertyAndValue() {
		Random random = new Random(SEED);
		List<String> names = new ArrayList<>(PROPERTIES.keySet());
		for (int run = 0; run < 300; run++) {
			Map<String, String> values = new LinkedHashMap<>();
			int count = 1 + random.nextInt(3);
			for (int i = 0; i < count; i++) {
				String name = names.get(random.nextInt(names.size()));
				values.put(name, value(PROPERTIES.get(name), random));
			}
			ApplicationContextRunner runner = (run % 5 == 0) ? this.withRedis : this.inProcess;
			String[] pairs = values.entrySet()
				.stream()
				.map((e) -> e.getKey() + "=" + e.getValue())
				.toArray(String[]::new);
			runner.withPropertyValues(pairs).run((context) -> {
				Throwable failure = context.getStartupFailure();
				if (failure == null) {
					// The policy that was accepted works.
					SwrCache<String, Object> cache = context.getBean(SwrCacheManager.class)
						.cache("products", Object.class, context.getBean(SwrCachePolicies.class).getPolicy("products"));
					assertThat(cache.get("k", (key) -> "v")).isEqualTo("v");
					count("started");
				}
				else {
					judge(failure, values);
				}
			});
		}
		System.out.println("swr.cache.* fuzz, seed " + SEED + ", 300 contexts: " + this.outcomes);
		assertThat(this.outcomes.getOrDefault("started", 0)).isGreaterThan(30);
		assertThat(this.outcomes.getOrDefault("invalid value", 0)).isGreaterThan(30);
		assertThat(this.outcomes.getOrDefault("binding failure", 0)).isGreaterThan(30);
	}

	private void judge(Throwable failure, Map<String, String> values) {
		InvalidSwrCachePropertyException invalid = find(failure, InvalidSwrCachePropertyException.class);
		if (invalid != null) {
			assertThat(values).as("the property named by %s", invalid.getMessage()).containsKey(invalid.getProperty());
			assertThat(invalid.getMessage()).contains(invalid.getProperty(), String.valueOf(invalid.getValue()));
			FailureAnalysis analysis = new SwrCachePropertyFailureAnalyzer().analyze(failure);
			assertThat(analysis).as("failure analysis of %s", invalid.getMessage()).isNotNull();
			assertThat(analysis.getDescription()).contains(invalid.getProperty());
			count("invalid value");
			return;
		}
		BindException binding = find(failure, BindException.class);
		if (binding != null) {
			String property = binding.getProperty().getName().toString();
			assertThat(values).as("the property named by %s", binding.getMessage()).containsKey(property);
			// Spring trims the text (control characters too) before converting it.
			String value = values.get(property).trim();
			if (!value.isEmpty()) {
				assertThat(messages(failure)).as("the value of %s", property).contains(value);
			}
			count("binding failure");
			return;
		}
		fail("Undocumented start-up failure for " + values + ": " + failure, failure);
	}

	private static String messages(Throwable failure) {
		StringBuilder all = new StringBuilder();
		for (Throwable current = failure; current != null; current = current.getCause()) {
			all.append(current.getMessage()).append('\n');
		}
		return all.toString();
	}

	private void count(String outcome) {
		this.outcomes.merge(outcome, 1, Integer::sum);
	}

	private static <T extends Throwable> @Nullable T find(Throwable failure, Class<T> type) {
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
		}
		return null;
	}

	private static String value(Kind kind, Random random) {
		if (random.nextInt(3) == 0) {
			return GARBAGE.get(random.nextInt(GARBAGE.size()));
		}
		return switch (kind) {
			case DURATION -> (random.nextInt(4) - 1) * random.nextInt(10_000)
					+ List.of("ms", "s", "m", "h", "d", "ns").get(random.nextInt(6));
			case FRACTION -> Double.toString(random.nextDouble() * 3 - 1);
			case PERCENT -> Float.toString(random.nextFloat() * 300 - 100);
			case INTEGER -> Long.toString(random.nextInt(5) == 0 ? random.nextLong() : random.nextInt(2_000) - 500);
			case SIZE -> (random.nextInt(3) - 1) * random.nextInt(4_096)
					+ List.of("B", "KB", "MB", "GB", "").get(random.nextInt(5));
			case BOOLEAN -> List.of("true", "false", "yes", "on", "1", "maybe").get(random.nextInt(6));
			case ENUM -> List.of("load", "FAIL", "Load", "wait", "fail ").get(random.nextInt(5));
			case CLASS -> List.of("java.lang.String", "java.util.List", "no.such.Type", "int", "java.lang.String[]")
				.get(random.nextInt(5));
			case TEXT -> randomText(random);
		};
	}

	private static String randomText(Random random) {
		StringBuilder text = new StringBuilder();
		int length = random.nextInt(12);
		for (int i = 0; i < length; i++) {
			text.append((char) (random.nextBoolean() ? 'a' + random.nextInt(26) : 32 + random.nextInt(95)));
		}
		return text.toString();
	}

	enum Kind {

		DURATION, FRACTION, PERCENT, INTEGER, SIZE, BOOLEAN, ENUM, CLASS, TEXT

	}

}
