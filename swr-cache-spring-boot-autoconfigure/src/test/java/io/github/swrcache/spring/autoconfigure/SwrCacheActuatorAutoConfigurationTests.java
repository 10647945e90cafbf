package io.github.swrcache.spring.autoconfigure;

import io.github.swrcache.core.SwrCacheManager;
import io.github.swrcache.spring.actuate.SwrCacheEndpoint;
import io.github.swrcache.spring.actuate.SwrCacheHealthIndicator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class SwrCacheActuatorAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SwrCacheAutoConfiguration.class,
				SwrCacheEndpointAutoConfiguration.class, SwrCacheHealthContributorAutoConfiguration.class));

	@Test
	void endpointIsRegisteredWhenExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=swrcache")
			.run((context) -> assertThat(context).hasSingleBean(SwrCacheEndpoint.class));
	}

	@Test
	void endpointIsNotRegisteredWhenNotExposed() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(SwrCacheEndpoint.class));
	}

	@Test
	void healthIndicatorIsNamedSwrCacheAndUpWithoutRedis() {
		this.runner.run((context) -> {
			assertThat(context).hasBean("swrCacheHealthIndicator");
			Health health = context.getBean(SwrCacheHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("nodeId", context.getBean(SwrCacheManager.class).nodeId())
				.containsEntry("redis",
						new SwrCacheHealthIndicator.RedisHealth("none", false, null, 0, "NONE", false, 0));
		});
	}

	@Test
	void healthIndicatorCanBeTurnedOff() {
		this.runner.withPropertyValues("management.health.swrcache.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SwrCacheHealthIndicator.class));
	}

	@Test
	void nothingOfActuatorWithoutActuator() {
		this.runner
			.withClassLoader(
					new FilteredClassLoader("org.springframework.boot.actuate", "org.springframework.boot.health"))
			.withPropertyValues("management.endpoints.web.exposure.include=swrcache")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(SwrCacheManager.class);
				assertThat(context).doesNotHaveBean(SwrCacheEndpoint.class);
				assertThat(context).doesNotHaveBean(SwrCacheHealthIndicator.class);
			});
	}

}
