package io.github.swrcache.spring.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.swrcache.core.CachePolicy;
import io.github.swrcache.core.SwrCache;
import io.github.swrcache.core.SwrCacheManager;
import io.github.swrcache.spring.aop.SwrCacheAdvisor;
import io.github.swrcache.spring.cache.SwrSpringCacheManager;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

class SwrCacheAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SwrCacheAutoConfiguration.class));

	@Test
	void managerIsInProcessOnlyWithoutSpringDataRedis() {
		this.runner.withClassLoader(new FilteredClassLoader(LettuceConnectionFactory.class)).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(SwrCacheManager.class);
			assertThat(context).doesNotHaveBean(SwrCacheRedisConnection.class);
			assertThat(context.getBean(SwrCacheManager.class).cache("c", String.class).name()).isEqualTo("c");
		});
	}

	@Test
	void cacheByNameAloneHasItsConfiguredPolicy() {
		this.runner.withClassLoader(new FilteredClassLoader(LettuceConnectionFactory.class))
			.withPropertyValues("swr.cache.caches.products.ttl=5s", "swr.cache.defaults.ttl=20s")
			.run((context) -> {
				SwrCacheManager manager = context.getBean(SwrCacheManager.class);
				assertThat(manager.cache("products", String.class).policy().ttl()).isEqualTo(Duration.ofSeconds(5));
				assertThat(manager.cache("orders", String.class).policy().ttl()).isEqualTo(Duration.ofSeconds(20));
			});
	}

	@Test
	void redisIsNotUsedWhenDisabledByProperty() {
		this.runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("swr.cache.redis.enabled=false")
			.run((context) -> {
				assertThat(context).hasSingleBean(SwrCacheManager.class);
				assertThat(context).hasSingleBean(LettuceConnectionFactory.class);
				assertThat(context).doesNotHaveBean(SwrCacheRedisConnection.class);
			});
	}

	@Test
	void redisConnectionUsesBootsLettuceConnectionFactory() {
		// Port 1 refuses connections: start-up goes on with an in-process manager.
		this.runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.url=redis://127.0.0.1:1", "spring.data.redis.connect-timeout=200ms")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(SwrCacheRedisConnection.class);
				assertThat(context.getBean(SwrCacheRedisConnection.class).client())
					.isSameAs(context.getBean(LettuceConnectionFactory.class).getNativeClient());
				assertThat(context.getBean(SwrCacheRedisConnection.class).mode()).isEqualTo("standalone");
				assertThat(context).hasSingleBean(SwrCacheManager.class);
			});
	}

	@Test
	void advisorAndCacheManagerAreRegistered() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(SwrCacheAdvisor.class);
			assertThat(context).hasSingleBean(SwrSpringCacheManager.class);
			assertThat(context.getBean(CacheManager.class)).isInstanceOf(SwrSpringCacheManager.class);
		});
	}

	@Test
	void advisorNeedsNoAspectJ() {
		this.runner.withClassLoader(new FilteredClassLoader("org.aspectj"))
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(SwrCacheAdvisor.class));
	}

	@Test
	void userCacheManagerWins() {
		this.runner.withUserConfiguration(UserCacheManager.class).run((context) -> {
			assertThat(context).doesNotHaveBean(SwrSpringCacheManager.class);
			assertThat(context.getBean(CacheManager.class)).isInstanceOf(ConcurrentMapCacheManager.class);
			assertThat(context).hasSingleBean(SwrCacheManager.class);
		});
	}

	@Test
	void userSwrCacheManagerWins() {
		this.runner.withUserConfiguration(UserManager.class).run((context) -> {
			assertThat(context).hasSingleBean(SwrCacheManager.class);
			assertThat(context.getBean(SwrCacheManager.class).nodeId()).isEqualTo("user-node");
		});
	}

	@Test
	void userClockDrivesTheWindows() {
		this.runner.withUserConfiguration(FixedClock.class).run((context) -> {
			SwrCache<String, String> cache = context.getBean(SwrCacheManager.class).cache("c", String.class);
			cache.put("k", "v");
			assertThat(cache.peek("k").createdAt()).isEqualTo(FixedClock.NOW);
		});
	}

	@Test
	void userRefreshExecutorRunsRefreshes() {
		this.runner.withUserConfiguration(UserRefreshExecutor.class, MovableClock.class)
			.withPropertyValues("swr.cache.defaults.ttl=1s", "swr.cache.defaults.jitter=0")
			.run((context) -> {
				SwrCache<String, String> cache = context.getBean(SwrCacheManager.class).cache("c", String.class);
				cache.get("k", (key) -> "v1");
				MovableClock.now.set(FixedClock.NOW.plusSeconds(2));
				assertThat(cache.get("k", (key) -> "v2")).isEqualTo("v1");
				assertThat(context.getBean(UserRefreshExecutor.class).submitted).hasPositiveValue();
			});
	}

	@Test
	void customizersAreAppliedInOrder() {
		this.runner.withUserConfiguration(Customizers.class)
			.run((context) -> assertThat(context.getBean(SwrCacheManager.class).nodeId()).isEqualTo("second"));
	}

	@Test
	void metersAreBoundWhenAMeterRegistryExists() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			context.getBean(SwrCacheManager.class).cache("products", String.class);
			assertThat(context.getBean(MeterRegistry.class).find("cache.gets").tag("cache", "products").meters())
				.isNotEmpty();
		});
	}

	@Test
	void managerNeedsNoMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(SwrCacheManager.class)
				.doesNotHaveBean("swrCacheMeterRegistryCustomizer"));
	}

	@Test
	void refreshContextPropagationNeedsMicrometerContextPropagation() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(RefreshExecutorDecorator.class));
		this.runner.withClassLoader(new FilteredClassLoader(ContextSnapshotFactory.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RefreshExecutorDecorator.class));
	}

	@Test
	void perCacheOverrideFallsBackToDefaults() {
		this.runner.withPropertyValues("swr.cache.defaults.ttl=1m", "swr.cache.caches.products.ttl=30s")
			.run((context) -> {
				SwrCachePolicies policies = context.getBean(SwrCachePolicies.class);
				CachePolicy products = policies.getPolicy("products");
				assertThat(products.ttl()).isEqualTo(Duration.ofSeconds(30));
				assertThat(products.staleWhileRevalidate()).isEqualTo(CachePolicy.DEFAULT_STALE_WHILE_REVALIDATE);
				assertThat(products.staleIfError()).isEqualTo(CachePolicy.DEFAULT_STALE_IF_ERROR);
				assertThat(policies.getPolicy("other").ttl()).isEqualTo(Duration.ofMinutes(1));
			});
	}

	@Test
	void zeroLoadTimeoutsOfACacheRemoveTheDefaultOnes() {
		this.runner
			.withPropertyValues("swr.cache.defaults.load-timeout=2s", "swr.cache.defaults.load-hard-timeout=10s",
					"swr.cache.caches.reports.load-timeout=0", "swr.cache.caches.reports.load-hard-timeout=0s",
					"swr.cache.caches.soft.load-timeout=0ms")
			.run((context) -> {
				SwrCachePolicies policies = context.getBean(SwrCachePolicies.class);
				assertThat(policies.getPolicy("reports").loadTimeout()).isNull();
				assertThat(policies.getPolicy("reports").loadHardTimeout()).isNull();
				assertThat(policies.getPolicy("soft").loadTimeout()).isNull();
				assertThat(policies.getPolicy("soft").loadHardTimeout()).isEqualTo(Duration.ofSeconds(10));
				assertThat(policies.getPolicy("other").loadTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(policies.getPolicy("other").loadHardTimeout()).isEqualTo(Duration.ofSeconds(10));
			});
	}

	@Test
	void zeroDefaultLoadTimeoutIsNone() {
		this.runner.withPropertyValues("swr.cache.defaults.load-timeout=0")
			.run((context) -> assertThat(context.getBean(SwrCachePolicies.class).getDefaultPolicy().loadTimeout())
				.isNull());
	}

	@Test
	void hardTimeoutBelowTheDefaultSoftOneIsAllowedOnceTheSoftOneIsRemoved() {
		this.runner
			.withPropertyValues("swr.cache.caches.fast.load-timeout=0", "swr.cache.caches.fast.load-hard-timeout=500ms")
			.run((context) -> {
				CachePolicy fast = context.getBean(SwrCachePolicies.class).getPolicy("fast");
				assertThat(fast.loadTimeout()).isNull();
				assertThat(fast.loadHardTimeout()).isEqualTo(Duration.ofMillis(500));
			});
	}

	@Test
	void perCacheValueTypeIsBound() {
		this.runner.withPropertyValues("swr.cache.caches.names.value-type=java.lang.String")
			.run((context) -> assertThat(context.getBean(SwrCachePolicies.class).getValueType("names"))
				.isEqualTo(String.class));
	}

	@Test
	void invalidValueFailsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("swr.cache.caches.products.stale-if-error=-1s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessage("staleIfError must be zero or positive, was PT-1S");
			assertThat(context.getStartupFailure()).hasStackTraceContaining(
					"Invalid value 'PT-1S' for configuration property 'swr.cache.caches.products.stale-if-error'");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserCacheManager {

		@Bean
		CacheManager userCacheManager() {
			return new ConcurrentMapCacheManager();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserManager {

		@Bean
		SwrCacheManager userSwrCacheManager() {
			return SwrCacheManager.builder().nodeId("user-node").build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FixedClock {

		static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

		@Bean
		Clock clock() {
			return Clock.fixed(NOW, ZoneOffset.UTC);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MovableClock {

		static final java.util.concurrent.atomic.AtomicReference<Instant> now = new java.util.concurrent.atomic.AtomicReference<>(
				FixedClock.NOW);

		@Bean
		Clock clock() {
			now.set(FixedClock.NOW);
			return new Clock() {

				@Override
				public ZoneOffset getZone() {
					return ZoneOffset.UTC;
				}

				@Override
				public Clock withZone(java.time.ZoneId zone) {
					throw new UnsupportedOperationException();
				}

				@Override
				public Instant instant() {
					return now.get();
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRefreshExecutor {

		final AtomicInteger submitted = new AtomicInteger();

		@Bean
		Executor swrCacheRefreshExecutor() {
			return (task) -> {
				this.submitted.incrementAndGet();
				task.run();
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Customizers {

		@Bean
		@org.springframework.core.annotation.Order(2)
		SwrCacheManagerBuilderCustomizer second() {
			return (builder) -> builder.nodeId("second");
		}

		@Bean
		@org.springframework.core.annotation.Order(1)
		SwrCacheManagerBuilderCustomizer first() {
			return (builder) -> builder.nodeId("first");
		}

	}

}
