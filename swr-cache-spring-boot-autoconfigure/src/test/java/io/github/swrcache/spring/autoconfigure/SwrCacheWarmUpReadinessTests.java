package io.github.swrcache.spring.autoconfigure;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.swrcache.core.BulkLoader;
import io.github.swrcache.core.warmup.CacheWarmer;
import io.github.swrcache.core.warmup.WarmUpRunner;
import io.github.swrcache.core.warmup.WarmUpState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readiness and the start-up warm-up, in a real {@code SpringApplication}: Spring Boot
 * reports {@link ReadinessState#ACCEPTING_TRAFFIC} only after the application runners
 * returned. The warmer's loader blocks until the test releases it, so each state is
 * observed while the warm-up is certainly under way.
 */
class SwrCacheWarmUpReadinessTests {

	private static CountDownLatch entered;

	private static CountDownLatch released;

	private final AtomicReference<ConfigurableApplicationContext> started = new AtomicReference<>();

	private CompletableFuture<ConfigurableApplicationContext> running;

	@AfterEach
	void close() throws Exception {
		released.countDown();
		if (this.running != null) {
			this.running.get(30, TimeUnit.SECONDS).close();
		}
	}

	@Test
	void readinessWaitsForTheWarmUpWhenAsked() throws Exception {
		start("swr.cache.warm-up.wait-for-readiness=true");
		assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
		ConfigurableApplicationContext context = this.started.get();
		assertThat(context.getBean(ApplicationAvailability.class).getReadinessState())
			.isEqualTo(ReadinessState.REFUSING_TRAFFIC);
		assertThat(this.running).isNotDone();
		assertThat(context.getBean(WarmUpRunner.class).status("stock").state()).isEqualTo(WarmUpState.RUNNING);
		released.countDown();
		this.running.get(30, TimeUnit.SECONDS);
		assertThat(context.getBean(WarmUpRunner.class).status("stock").state()).isEqualTo(WarmUpState.COMPLETED);
		assertThat(context.getBean(ApplicationAvailability.class).getReadinessState())
			.isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
	}

	@Test
	void warmUpRunsInTheBackgroundByDefault() throws Exception {
		start();
		assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
		ConfigurableApplicationContext context = this.running.get(30, TimeUnit.SECONDS);
		assertThat(context.getBean(ApplicationAvailability.class).getReadinessState())
			.isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
		WarmUpRunner warmUp = context.getBean(WarmUpRunner.class);
		assertThat(warmUp.status("stock").state()).isEqualTo(WarmUpState.RUNNING);
		released.countDown();
		await().atMost(Duration.ofSeconds(30)).until(() -> warmUp.status("stock").state() == WarmUpState.COMPLETED);
		assertThat(warmUp.status("stock").loaded()).isEqualTo(2);
	}

	private void start(String... properties) {
		entered = new CountDownLatch(1);
		released = new CountDownLatch(1);
		SpringApplicationBuilder application = new SpringApplicationBuilder(WarmedApplication.class)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "swr.cache.redis.enabled=false",
					"management.health.redis.enabled=false")
			.properties(properties)
			.listeners((ApplicationListener<ApplicationStartedEvent>) (event) -> this.started
				.set(event.getApplicationContext()));
		this.running = CompletableFuture.supplyAsync(application::run);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class WarmedApplication {

		@Bean
		CacheWarmer<String, String> stockWarmer() {
			return new CacheWarmer<>() {

				@Override
				public String cacheName() {
					return "stock";
				}

				@Override
				public Collection<String> keys() {
					return List.of("a", "b");
				}

				@Override
				public BulkLoader<String, String> loader() {
					return (keys) -> {
						entered.countDown();
						released.await();
						return Map.of("a", "1", "b", "2");
					};
				}

			};
		}

	}

}
