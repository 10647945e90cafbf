package io.github.swrcache.spring.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class SwrCachePropertyFailureAnalyzerTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SwrCacheAutoConfiguration.class));

	@Test
	void negativeTtlNamesThePropertyAndPositiveDurations() {
		FailureAnalysis analysis = analyze("swr.cache.defaults.ttl=-5s");
		assertThat(analysis.getDescription()).isEqualTo(
				"Invalid value 'PT-5S' for configuration property 'swr.cache.defaults.ttl': it must be positive.");
		assertThat(analysis.getAction()).isEqualTo("Update 'swr.cache.defaults.ttl' in your application's "
				+ "configuration. Allowed values: a positive duration, such as 500ms, 30s, 5m, 1h or PT1H.");
	}

	@Test
	void jitterOfOneAndAHalfNamesTheRange() {
		FailureAnalysis analysis = analyze("swr.cache.defaults.jitter=1.5");
		assertThat(analysis.getDescription()).isEqualTo(
				"Invalid value '1.5' for configuration property 'swr.cache.defaults.jitter': it must be in [0, 1).");
		assertThat(analysis.getAction())
			.endsWith("Allowed values: a number from 0 up to, not including, 1, such as 0.1.");
	}

	@Test
	void negativeMaxEntriesNamesTheProperty() {
		FailureAnalysis analysis = analyze("swr.cache.local.max-entries=-1");
		assertThat(analysis.getDescription()).isEqualTo(
				"Invalid value '-1' for configuration property 'swr.cache.local.max-entries': it must be zero or positive.");
		assertThat(analysis.getAction()).endsWith("Allowed values: 0 or a whole number greater than 0.");
	}

	@Test
	void perCacheHardTimeoutShorterThanSoftTimeoutNamesThePerCacheProperty() {
		FailureAnalysis analysis = analyze("swr.cache.caches.products.load-timeout=2s",
				"swr.cache.caches.products.load-hard-timeout=1s");
		assertThat(analysis.getDescription()).isEqualTo("Invalid value 'PT1S' for configuration property "
				+ "'swr.cache.caches.products.load-hard-timeout': it must not be shorter than load-timeout (PT2S).");
	}

	@Test
	void hardTimeoutShorterThanTheDefaultSoftTimeoutListsZeroForNoLimit() {
		FailureAnalysis analysis = analyze("swr.cache.caches.products.load-hard-timeout=500ms");
		assertThat(analysis.getDescription()).isEqualTo("Invalid value 'PT0.5S' for configuration property "
				+ "'swr.cache.caches.products.load-hard-timeout': it must not be shorter than load-timeout (PT1S).");
		assertThat(analysis.getAction()).isEqualTo("Update 'swr.cache.caches.products.load-hard-timeout' in your "
				+ "application's configuration. Allowed values: 0 for no limit, or a duration no shorter than "
				+ "load-timeout, such as 5s or 1m.");
	}

	@Test
	void negativeLoadTimeoutListsZeroForNoLimit() {
		FailureAnalysis analysis = analyze("swr.cache.defaults.load-timeout=-1s");
		assertThat(analysis.getDescription()).isEqualTo("Invalid value 'PT-1S' for configuration property "
				+ "'swr.cache.defaults.load-timeout': it must be positive.");
		assertThat(analysis.getAction())
			.endsWith("Allowed values: 0 for no limit, or a positive duration such as 500ms, 30s, 5m, 1h or PT1H.");
	}

	@Test
	void lockWaitOfZeroNamesTheRedisProperty() {
		FailureAnalysis analysis = analyze("swr.cache.redis.lock.wait=0s");
		assertThat(analysis.getDescription()).isEqualTo(
				"Invalid value 'PT0S' for configuration property 'swr.cache.redis.lock.wait': it must be positive.");
	}

	private FailureAnalysis analyze(String... properties) {
		FailureAnalysis[] analysis = new FailureAnalysis[1];
		this.runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			analysis[0] = new SwrCachePropertyFailureAnalyzer().analyze(context.getStartupFailure());
		});
		assertThat(analysis[0]).isNotNull();
		return analysis[0];
	}

}
