package io.github.swrcache.spring.autoconfigure;

import io.github.swrcache.core.CachePolicy;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code soft-invalidation} flows from {@code swr.cache.defaults} and
 * {@code swr.cache.caches.<name>} into each cache's {@link CachePolicy}.
 */
class SoftInvalidationPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SwrCacheAutoConfiguration.class));

	@Test
	void isOffUnlessConfigured() {
		assertThat(new SwrCacheProperties().getDefaults().isSoftInvalidation())
			.isEqualTo(CachePolicy.DEFAULT_SOFT_INVALIDATION)
			.isFalse();
		this.runner.run((
				context) -> assertThat(context.getBean(SwrCachePolicies.class).getPolicy("products").softInvalidation())
					.isFalse());
	}

	@Test
	void defaultsApplyToEveryCacheAndACacheMayTurnItOff() {
		this.runner
			.withPropertyValues("swr.cache.defaults.soft-invalidation=true",
					"swr.cache.caches.strict.soft-invalidation=false", "swr.cache.caches.products.ttl=30s")
			.run((context) -> {
				SwrCachePolicies policies = context.getBean(SwrCachePolicies.class);
				assertThat(policies.getDefaultPolicy().softInvalidation()).isTrue();
				assertThat(policies.getPolicy("products").softInvalidation()).isTrue();
				assertThat(policies.getPolicy("strict").softInvalidation()).isFalse();
			});
	}

	@Test
	void aCacheMayTurnItOn() {
		this.runner.withPropertyValues("swr.cache.caches.products.soft-invalidation=true").run((context) -> {
			SwrCachePolicies policies = context.getBean(SwrCachePolicies.class);
			assertThat(policies.getPolicy("products").softInvalidation()).isTrue();
			assertThat(policies.getPolicy("other").softInvalidation()).isFalse();
		});
	}

}
