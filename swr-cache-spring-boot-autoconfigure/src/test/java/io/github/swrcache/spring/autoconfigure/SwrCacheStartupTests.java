package io.github.swrcache.spring.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * What a user sees in the log when the application starts.
 */
@ExtendWith(OutputCaptureExtension.class)
class SwrCacheStartupTests {

	@Test
	void invalidValueIsExplainedByTheFailureAnalyzer(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("swr.cache.defaults.ttl=-5s"));
		assertThat(output).contains("APPLICATION FAILED TO START",
				"Invalid value 'PT-5S' for configuration property 'swr.cache.defaults.ttl': it must be positive.",
				"Allowed values: a positive duration, such as 500ms, 30s, 5m, 1h or PT1H.");
	}

	@Test
	void unknownEnumValueIsExplainedWithTheAllowedValues(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("swr.cache.redis.lock.on-lock-timeout=wait"));
		assertThat(output).contains("APPLICATION FAILED TO START", "swr.cache.redis.lock.on-lock-timeout",
				"The following values are valid:", "FAIL", "LOAD");
	}

	@Test
	void inProcessOnlyIsSaidOnceAtInfo(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run("swr.cache.redis.enabled=false")) {
			assertThat(context.isActive()).isTrue();
			assertThat(output.toString().split("swr-cache keeps its caches in-process only", -1)).hasSize(2);
			assertThat(output).contains("INFO", "swr.cache.redis.enabled is false");
		}
	}

	@Test
	void unreachableRedisIsAWarningNotAFailure(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run("spring.data.redis.url=redis://127.0.0.1:1",
				"spring.data.redis.connect-timeout=200ms")) {
			assertThat(context.isActive()).isTrue();
			assertThat(output).contains("WARN", "Redis is unreachable at start-up");
			assertThat(context.getBean(io.github.swrcache.core.SwrCacheManager.class).remoteStatus().connected())
				.isFalse();
		}
	}

	private static ConfigurableApplicationContext run(String... properties) {
		return new SpringApplicationBuilder(EmptyApplication.class).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "management.health.redis.enabled=false")
			.properties(properties)
			.run();
	}

	@Configuration(proxyBeanMethods = false)
	@org.springframework.boot.autoconfigure.EnableAutoConfiguration
	static class EmptyApplication {

	}

}
