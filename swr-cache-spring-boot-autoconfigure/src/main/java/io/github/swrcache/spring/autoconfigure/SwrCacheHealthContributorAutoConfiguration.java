package io.github.swrcache.spring.autoconfigure;

import io.github.swrcache.core.SwrCacheManager;
import io.github.swrcache.spring.actuate.SwrCacheHealthIndicator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code swrCache} health contributor
 * ({@code management.health.swrcache.enabled} turns it off).
 */
@AutoConfiguration(after = SwrCacheAutoConfiguration.class)
@ConditionalOnClass(name = { "org.springframework.boot.health.contributor.HealthIndicator",
		"org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator" })
public final class SwrCacheHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnEnabledHealthIndicator("swrcache")
	@ConditionalOnMissingBean(name = "swrCacheHealthIndicator")
	@ConditionalOnBean(SwrCacheManager.class)
	SwrCacheHealthIndicator swrCacheHealthIndicator(SwrCacheManager manager,
			ObjectProvider<SwrCacheRedisConnection> redis, SwrCacheProperties properties) {
		return new SwrCacheHealthIndicator(manager, redis.getIfAvailable(),
				properties.getRedis().getCommandTimeout().multipliedBy(4));
	}

}
