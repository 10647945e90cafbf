package io.github.swrcache.spring.autoconfigure;

import io.github.swrcache.core.SwrCacheManager;
import io.github.swrcache.core.warmup.WarmUpRunner;
import io.github.swrcache.spring.actuate.SwrCacheEndpoint;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code swrcache} Actuator endpoint.
 */
@AutoConfiguration(after = SwrCacheAutoConfiguration.class)
@ConditionalOnClass(name = { "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
		"org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint" })
public final class SwrCacheEndpointAutoConfiguration {

	@Bean
	@ConditionalOnAvailableEndpoint
	@ConditionalOnMissingBean
	@ConditionalOnBean(SwrCacheManager.class)
	SwrCacheEndpoint swrCacheEndpoint(SwrCacheManager manager, ObjectProvider<SwrCacheRedisConnection> redis,
			ObjectProvider<WarmUpRunner> warmUp) {
		SwrCacheRedisConnection connection = redis.getIfAvailable();
		return new SwrCacheEndpoint(manager, (connection != null) ? connection.mode() : "none",
				warmUp.getIfAvailable());
	}

}
