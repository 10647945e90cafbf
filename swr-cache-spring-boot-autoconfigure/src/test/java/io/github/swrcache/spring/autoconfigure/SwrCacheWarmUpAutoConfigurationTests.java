package io.github.swrcache.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.github.swrcache.core.BulkLoader;
import io.github.swrcache.core.ConsistencyStatistics;
import io.github.swrcache.core.SwrCacheManager;
import io.github.swrcache.core.warmup.CacheWarmer;
import io.github.swrcache.core.warmup.WarmUpRunner;
import io.github.swrcache.core.warmup.WarmUpSchedule;
import io.github.swrcache.core.warmup.WarmUpScheduler;
import io.github.swrcache.core.warmup.WarmUpState;
import io.github.swrcache.core.warmup.WarmUpStatus;
import io.github.swrcache.spring.actuate.SwrCacheEndpoint;
import io.github.swrcache.spring.actuate.SwrCacheEndpoint.CachesDescriptor;
import io.github.swrcache.spring.actuate.SwrCacheEndpoint.ConsistencyDescriptor;
import io.github.swrcache.spring.annotation.SwrCacheable;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The Spring Boot side of warm-up ({@code swr.cache.warm-up.*}) and consistency sampling
 * ({@code swr.cache.consistency.*}), in-process only; readiness is in
 * {@link SwrCacheWarmUpReadinessTests}.
 */
class SwrCacheWarmUpAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, SwrCacheAutoConfiguration.class,
				SwrCacheEndpointAutoConfiguration.class))
		.withPropertyValues("swr.cache.redis.enabled=false", "management.endpoints.web.exposure.include=swrcache");

	@Test
	void warmerBeanFillsTheCacheOfTheAnnotatedMethod() {
		this.runner.withUserConfiguration(PriceConfiguration.class)
			.withPropertyValues("swr.cache.warm-up.batch-size=2")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(WarmUpRunner.class);
				context.getBean(SwrCacheWarmUpStarter.class).run(null);
				WarmUpRunner warmUp = context.getBean(WarmUpRunner.class);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> warmUp.status("prices").state() == WarmUpState.COMPLETED);
				PriceConfiguration configuration = context.getBean(PriceConfiguration.class);
				assertThat(configuration.batches).containsExactly(2, 1);
				PriceService prices = context.getBean(PriceService.class);
				assertThat(prices.price("bb")).isEqualTo(2L);
				assertThat(prices.price("ccc")).isEqualTo(3L);
				assertThat(prices.calls()).isZero();
				assertThat(prices.price("dddd")).isEqualTo(4L);
				assertThat(prices.calls()).isOne();
				CachesDescriptor report = context.getBean(SwrCacheEndpoint.class).caches();
				assertThat(report.warmUp()).containsExactly(warmUp.status("prices"));
				assertThat(report.warmUp().get(0).loaded()).isEqualTo(3);
				assertThat(report.caches().get("prices").consistency()).isNull();
				String json = JsonMapper.builder().build().writeValueAsString(report);
				assertThat(json).contains("\"warmUp\":[{\"name\":\"prices\",\"cache\":\"prices\","
						+ "\"state\":\"COMPLETED\",\"done\":3,\"total\":3,\"loaded\":3,\"errors\":0,\"passes\":1");
			});
	}

	@Test
	void scheduledPassesRunThroughTheSchedulerBean() {
		this.runner.withUserConfiguration(PriceConfiguration.class, CapturingScheduler.class).run((context) -> {
			context.getBean(SwrCacheWarmUpStarter.class).run(null);
			CapturingScheduler scheduler = context.getBean(CapturingScheduler.class);
			assertThat(scheduler.schedules).containsExactly("prices=fixedDelay=PT5M");
			WarmUpRunner warmUp = context.getBean(WarmUpRunner.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> warmUp.status("prices").state() == WarmUpState.COMPLETED);
			context.getBean(SwrCacheManager.class).getCache("prices").invalidateAll();
			scheduler.passes.get(0).run();
			WarmUpStatus status = warmUp.status("prices");
			assertThat(status.passes()).isEqualTo(2);
			assertThat(status.loaded()).isEqualTo(3);
		});
	}

	@Test
	void cronScheduleIsReadBySpringsCronExpression() {
		assertThat(SpringWarmUpScheduler.trigger("w", WarmUpSchedule.cron("0 0 3 * * *"))).isNotNull();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SpringWarmUpScheduler.trigger("nightly", WarmUpSchedule.cron("every night")))
			.withMessageStartingWith("CacheWarmer 'nightly' has an invalid cron schedule 'every night'");
	}

	@Test
	void warmUpCanBeTurnedOff() {
		this.runner.withUserConfiguration(PriceConfiguration.class)
			.withPropertyValues("swr.cache.warm-up.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(WarmUpRunner.class);
				assertThat(context.getBean(SwrCacheEndpoint.class).caches().warmUp()).isEmpty();
			});
	}

	@Test
	void invalidWarmUpPropertyNamesItself() {
		this.runner.withPropertyValues("swr.cache.warm-up.batch-size=0")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining(
						"Invalid value '0' for configuration property 'swr.cache.warm-up.batch-size': must be positive"));
	}

	@Test
	void consistencySamplingIsOffByDefault() {
		this.runner.run((context) -> assertThat(context.getBean(SwrCacheManager.class).consistencyChecks().enabled())
			.isFalse());
	}

	@Test
	void consistencySamplingReportsDriftInTheEndpointAndTheMeters() {
		this.runner.withUserConfiguration(PriceConfiguration.class, Registry.class)
			.withPropertyValues("swr.cache.consistency.enabled=true", "swr.cache.consistency.sample-probability=1",
					"swr.cache.consistency.repair=true", "swr.cache.warm-up.enabled=false")
			.run((context) -> {
				PriceService prices = context.getBean(PriceService.class);
				prices.price("a");
				prices.price("bb");
				prices.price("a");
				prices.price("bb");
				prices.offset(10);
				SwrCacheManager manager = context.getBean(SwrCacheManager.class);
				ConsistencyStatistics statistics = manager.consistencyChecks().checkNow("prices", 10);
				assertThat(statistics).isEqualTo(new ConsistencyStatistics("prices", 0, 2, 0, 0, 2, 0));
				assertThat(context.getBean(SwrCacheEndpoint.class).caches().caches().get("prices").consistency())
					.isEqualTo(new ConsistencyDescriptor(0, 2, 0, 0, 2, 0, 1.0));
				assertThat(prices.price("a")).isEqualTo(11L);
				assertThat(prices.calls()).isEqualTo(4);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("swr.cache.consistency.checks")
					.tag("cache", "prices")
					.tag("result", "drift")
					.functionCounter()
					.count()).isEqualTo(2);
			});
	}

	@Test
	void invalidConsistencyPropertyNamesItself() {
		this.runner
			.withPropertyValues("swr.cache.consistency.enabled=true", "swr.cache.consistency.sample-probability=2")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("Invalid value '2.0' for configuration property "
						+ "'swr.cache.consistency.sample-probability': must be more than 0 and at most 1"));
	}

	static class PriceService {

		final AtomicInteger calls = new AtomicInteger();

		final AtomicInteger offset = new AtomicInteger();

		@SwrCacheable(cache = "prices", key = "#id", ttl = "10m")
		public Long price(String id) {
			this.calls.incrementAndGet();
			return (long) id.length() + this.offset.get();
		}

		// Methods, not fields: the bean is a proxy.
		public int calls() {
			return this.calls.get();
		}

		public void offset(int offset) {
			this.offset.set(offset);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PriceConfiguration {

		final List<Integer> batches = new CopyOnWriteArrayList<>();

		@Bean
		PriceService priceService() {
			return new PriceService();
		}

		@Bean
		CacheWarmer<String, Long> priceWarmer() {
			return new CacheWarmer<>() {

				@Override
				public String cacheName() {
					return "prices";
				}

				@Override
				public Collection<String> keys() {
					return List.of("a", "bb", "ccc");
				}

				@Override
				public BulkLoader<String, Long> loader() {
					return (keys) -> {
						PriceConfiguration.this.batches.add(keys.size());
						return keys.stream().collect(Collectors.toMap((key) -> key, (key) -> (long) key.length()));
					};
				}

				@Override
				public WarmUpSchedule schedule() {
					return WarmUpSchedule.fixedDelay(Duration.ofMinutes(5));
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CapturingScheduler implements WarmUpScheduler {

		final List<String> schedules = new ArrayList<>();

		final List<Runnable> passes = new ArrayList<>();

		@Override
		public AutoCloseable schedule(String warmer, WarmUpSchedule schedule, Runnable pass) {
			this.schedules.add(warmer + "=" + schedule);
			this.passes.add(pass);
			return () -> this.passes.remove(pass);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Registry {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
