package io.github.swrcache.spring.aop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.swrcache.core.CacheLookup;
import io.github.swrcache.core.CachePolicy;
import io.github.swrcache.core.EntryState;
import io.github.swrcache.core.FakeClock;
import io.github.swrcache.core.SwrCache;
import io.github.swrcache.core.SwrCacheManager;
import io.github.swrcache.spring.annotation.SwrCacheEvict;
import io.github.swrcache.spring.annotation.SwrCachePut;
import io.github.swrcache.spring.annotation.SwrCacheable;
import io.github.swrcache.spring.autoconfigure.SwrCacheAutoConfiguration;
import io.github.swrcache.spring.autoconfigure.SwrCacheManagerBuilderCustomizer;
import io.micrometer.context.ContextRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class SwrCacheInterceptorTests {

	private static final String TENANT_KEY = "swr-cache-test.tenant";

	/** The caches' clock: entries go stale when a test moves it, never by waiting. */
	private final FakeClock clock = new FakeClock();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, SwrCacheAutoConfiguration.class))
		.withUserConfiguration(ServiceConfiguration.class)
		.withBean(SwrCacheManagerBuilderCustomizer.class, () -> (builder) -> builder.clock(this.clock));

	@Test
	void secondCallIsServedFromTheCache() {
		this.runner.run((context) -> {
			Service service = context.getBean(Service.class);
			assertThat(service.byName(7)).isEqualTo("v7-1");
			assertThat(service.byName(7)).isEqualTo("v7-1");
			assertThat(service.calls()).hasValue(1);
		});
	}

	@Test
	void keysComeFromSpelByNamePositionAndRoot() {
		this.runner.run((context) -> {
			Service service = context.getBean(Service.class);
			service.byName(1);
			service.byPosition(2, "ignored");
			service.byRoot(3);
			assertThat(peek(context, "byName", 1L).state()).isEqualTo(EntryState.FRESH);
			assertThat(peek(context, "byPosition", 2L).state()).isEqualTo(EntryState.FRESH);
			assertThat(peek(context, "byRoot", "byRoot-3").state()).isEqualTo(EntryState.FRESH);
		});
	}

	@Test
	void defaultKeyIsLikeSimpleKeyGenerator() {
		this.runner.run((context) -> {
			Service service = context.getBean(Service.class);
			service.none();
			service.one("a");
			service.two("a", 2);
			assertThat(peek(context, "none", SimpleKey.EMPTY).state()).isEqualTo(EntryState.FRESH);
			assertThat(peek(context, "one", "a").state()).isEqualTo(EntryState.FRESH);
			assertThat(peek(context, "two", new SimpleKey("a", 2)).state()).isEqualTo(EntryState.FRESH);
		});
	}

	@Test
	void falseConditionBypassesTheCache() {
		this.runner.run((context) -> {
			Service service = context.getBean(Service.class);
			service.conditional(-1);
			service.conditional(-1);
			assertThat(service.calls()).hasValue(2);
			assertThat(context.getBean(SwrCacheManager.class).getCache("conditional")).isNull();
		});
	}

	@Test
	void unlessOnTheResultVetoesCaching() {
		this.runner.run((context) -> {
			Service service = context.getBean(Service.class);
			assertThat(service.unlessEmpty("")).isEmpty();
			assertThat(peek(context, "unless", "").state()).isEqualTo(EntryState.ABSENT);
			assertThat(service.unlessEmpty("x")).isEqualTo("x");
			assertThat(peek(context, "unless", "x").state()).isEqualTo(EntryState.FRESH);
		});
	}

	@Test
	void vetoedRefreshKeepsTheStaleEntryAndIsNotAFailure() {
		this.runner
			.withPropertyValues("swr.cache.caches.vetoedRefresh.ttl=50ms", "swr.cache.caches.vetoedRefresh.jitter=0",
					"swr.cache.caches.vetoedRefresh.early-refresh=false")
			.run((context) -> {
				Service service = context.getBean(Service.class);
				assertThat(service.vetoedRefresh()).isEqualTo("kept-1");
				this.clock.advance(Duration.ofMillis(100));
				assertThat(service.vetoedRefresh()).isEqualTo("kept-1");
				await().untilAsserted(() -> assertThat(service.calls()).hasValue(2));
				SwrCache<?, ?> cache = context.getBean(SwrCacheManager.class).getCache("vetoedRefresh");
				await().untilAsserted(() -> assertThat(cache.statistics().refreshSuccesses()).isEqualTo(1));
				assertThat(cache.statistics().refreshFailures()).isZero();
				CacheLookup<?> lookup = peek(context, "vetoedRefresh", SimpleKey.EMPTY);
				assertThat(lookup.state()).isEqualTo(EntryState.STALE);
				assertThat(lookup.value()).isEqualTo("kept-1");
			});
	}

	@Test
	void annotationDurationsOverrideCachePropertiesWhichOverrideDefaults() {
		this.runner
			.withPropertyValues("swr.cache.defaults.stale-if-error=2h", "swr.cache.caches.overridden.ttl=10s",
					"swr.cache.caches.overridden.stale-while-revalidate=20s")
			.run((context) -> {
				context.getBean(Service.class).overridden(1);
				CachePolicy policy = context.getBean(SwrCacheManager.class).getCache("overridden").policy();
				assertThat(policy.ttl()).isEqualTo(Duration.ofSeconds(30));
				assertThat(policy.staleWhileRevalidate()).isEqualTo(Duration.ofSeconds(20));
				assertThat(policy.staleIfError()).isEqualTo(Duration.ofHours(2));
			});
	}

	@Test
	void emptyOptionalIsCachedOnlyWithCacheNulls() {
		this.runner.run((context) -> {
			Service service = context.getBean(Service.class);
			assertThat(service.optional(0)).isEmpty();
			assertThat(service.optional(0)).isEmpty();
			assertThat(service.calls()).hasValue(2);
			assertThat(service.optionalNulls(0)).isEmpty();
			assertThat(service.optionalNulls(0)).isEmpty();
			assertThat(service.calls()).hasValue(3);
			assertThat(service.optional(5)).contains("o5");
			assertThat(peek(context, "optional", 5L).value()).isEqualTo("o5");
		});
	}

	@Test
	void completableFutureValueIsCachedUnwrapped() {
		this.runner.run((context) -> {
			Service service = context.getBean(Service.class);
			assertThat(service.future(3).get()).isEqualTo("f3");
			assertThat(service.future(3).get()).isEqualTo("f3");
			assertThat(service.calls()).hasValue(1);
			assertThat(peek(context, "future", 3L).value()).isEqualTo("f3");
		});
	}

	@Test
	void genericReturnTypeIsTheValueType() {
		this.runner.run((context) -> {
			context.getBean(Service.class).list();
			assertThat(context.getBean(SwrCacheManager.class).getCache("list")).isNotNull();
			assertThat(context.getBean(Service.class).list()).containsExactly("a", "b");
		});
	}

	@Test
	void tagsAreAddedAndEvictByTagInvalidates() {
		this.runner.run((context) -> {
			Service service = context.getBean(Service.class);
			service.tagged(1);
			service.tagged(2);
			assertThat(peek(context, "tagged", 1L).tags()).containsExactlyInAnyOrder("item:1", "odd");
			service.evictTag("odd");
			assertThat(peek(context, "tagged", 1L).state()).isEqualTo(EntryState.ABSENT);
			assertThat(peek(context, "tagged", 2L).state()).isEqualTo(EntryState.FRESH);
		});
	}

	@Test
	void evictByKeyAndAllEntries() {
		this.runner.run((context) -> {
			Service service = context.getBean(Service.class);
			service.byName(1);
			service.byName(2);
			service.evict(1);
			assertThat(peek(context, "byName", 1L).state()).isEqualTo(EntryState.ABSENT);
			assertThat(peek(context, "byName", 2L).state()).isEqualTo(EntryState.FRESH);
			service.evictAll();
			assertThat(peek(context, "byName", 2L).state()).isEqualTo(EntryState.ABSENT);
		});
	}

	@Test
	void evictAfterInvocationIsSkippedWhenTheMethodThrows() {
		this.runner.run((context) -> {
			Service service = context.getBean(Service.class);
			service.byName(4);
			assertThatIllegalArgumentException().isThrownBy(() -> service.evictThenFail(4));
			assertThat(peek(context, "byName", 4L).state()).isEqualTo(EntryState.FRESH);
		});
	}

	@Test
	void putStoresTheResult() {
		this.runner.run((context) -> {
			Service service = context.getBean(Service.class);
			assertThat(service.update(9, "new")).isEqualTo("new");
			assertThat(peek(context, "byName", 9L).value()).isEqualTo("new");
			assertThat(service.byName(9)).isEqualTo("new");
			assertThat(service.calls()).hasValue(0);
		});
	}

	@Test
	void callerGetsTheMethodsOwnException() {
		this.runner.run((context) -> assertThatIllegalArgumentException()
			.isThrownBy(() -> context.getBean(Service.class).failing(1))
			.withMessage("no item 1"));
	}

	@Test
	void selfInvocationIsNotIntercepted() {
		this.runner.run((context) -> {
			Service service = context.getBean(Service.class);
			service.selfInvoking(8);
			service.selfInvoking(8);
			assertThat(service.calls()).hasValue(2);
		});
	}

	@Test
	void backgroundRefreshRunsOffTheCallerThreadWithTheCallersMdc() {
		this.runner.withPropertyValues("swr.cache.caches.refreshing.ttl=50ms", "swr.cache.caches.refreshing.jitter=0")
			.run((context) -> {
				Service service = context.getBean(Service.class);
				MDC.put("trace", "t-1");
				try {
					assertThat(service.refreshing()).isEqualTo("t-1@main");
					this.clock.advance(Duration.ofMillis(100));
					assertThat(service.refreshing()).isEqualTo("t-1@main");
				}
				finally {
					MDC.remove("trace");
				}
				await().untilAsserted(() -> assertThat(service.refreshes()).hasSize(1));
				assertThat(service.refreshes().get(0)).startsWith("t-1@swr-cache-refresh-");
			});
	}

	@Test
	void backgroundRefreshRunsWithTheCallersThreadLocalAccessorContext() {
		ContextRegistry.getInstance()
			.registerThreadLocalAccessor(TENANT_KEY, Service.TENANT::get, Service.TENANT::set, Service.TENANT::remove);
		try {
			this.runner
				.withPropertyValues("swr.cache.caches.tenantRefreshing.ttl=50ms",
						"swr.cache.caches.tenantRefreshing.jitter=0")
				.run((context) -> {
					Service service = context.getBean(Service.class);
					Service.TENANT.set("acme");
					try {
						assertThat(service.tenantRefreshing()).isEqualTo("acme@main");
						this.clock.advance(Duration.ofMillis(100));
						assertThat(service.tenantRefreshing()).isEqualTo("acme@main");
					}
					finally {
						Service.TENANT.remove();
					}
					await().untilAsserted(() -> assertThat(service.refreshes()).hasSize(1));
					assertThat(service.refreshes().get(0)).startsWith("acme@swr-cache-refresh-");
				});
		}
		finally {
			ContextRegistry.getInstance().removeThreadLocalAccessor(TENANT_KEY);
		}
	}

	@Test
	void backgroundRefreshRunsInTheCallersObservation() {
		this.runner
			.withPropertyValues("swr.cache.caches.observedRefreshing.ttl=50ms",
					"swr.cache.caches.observedRefreshing.jitter=0")
			.run((context) -> {
				Service service = context.getBean(Service.class);
				Observation request = Observation.start("request", Service.OBSERVATIONS);
				try (Observation.Scope scope = request.openScope()) {
					assertThat(service.observedRefreshing()).isEqualTo("request@main");
					this.clock.advance(Duration.ofMillis(100));
					assertThat(service.observedRefreshing()).isEqualTo("request@main");
				}
				finally {
					request.stop();
				}
				await().untilAsserted(() -> assertThat(service.refreshes()).hasSize(1));
				assertThat(service.refreshes().get(0)).startsWith("request@swr-cache-refresh-");
			});
	}

	@Test
	void invalidDurationFailsStartUp() {
		this.runner.withUserConfiguration(BadDuration.class)
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("ttl '5x' is not a duration such as 30s, 5m or PT1H"));
	}

	@Test
	void tagsOfAsynchronousMethodsComeFromTheirValueAndEvictByTagInvalidates() {
		this.runner.run((context) -> {
			Service service = context.getBean(Service.class);
			assertThat(service.taggedFuture(1).get()).isEqualTo("t1");
			assertThat(service.taggedMono(1).block()).isEqualTo("t1");
			assertThat(service.taggedMono(2).block()).isEqualTo("t2");
			assertThat(peek(context, "taggedFuture", 1L).tags()).containsExactly("value:t1");
			assertThat(peek(context, "taggedMono", 1L).tags()).containsExactly("value:t1");
			service.evictTaggedMono("value:t1");
			assertThat(peek(context, "taggedMono", 1L).state()).isEqualTo(EntryState.ABSENT);
			assertThat(peek(context, "taggedMono", 2L).state()).isEqualTo(EntryState.FRESH);
			assertThat(peek(context, "taggedFuture", 1L).state()).isEqualTo(EntryState.FRESH);
		});
	}

	@SuppressWarnings("unchecked")
	private static CacheLookup<?> peek(AssertableApplicationContext context, String cache, Object key) {
		return ((SwrCache<Object, ?>) context.getBean(SwrCacheManager.class).getCache(cache)).peek(key);
	}

	@Configuration(proxyBeanMethods = false)
	static class ServiceConfiguration {

		@Bean
		Service service() {
			return new Service();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BadDuration {

		@Bean
		Object badDuration() {
			return new Object() {

				@SwrCacheable(cache = "bad", ttl = "5x")
				public String get() {
					return "";
				}

			};
		}

	}

	static class Service {

		static final ThreadLocal<String> TENANT = new ThreadLocal<>();

		static final ObservationRegistry OBSERVATIONS = ObservationRegistry.create();

		static {
			OBSERVATIONS.observationConfig().observationHandler((observation) -> true);
		}

		final AtomicInteger calls = new AtomicInteger();

		final List<String> refreshes = new ArrayList<>();

		AtomicInteger calls() {
			return this.calls;
		}

		List<String> refreshes() {
			synchronized (this.refreshes) {
				return List.copyOf(this.refreshes);
			}
		}

		@SwrCacheable(cache = "byName", key = "#id")
		public String byName(long id) {
			return "v" + id + "-" + this.calls.incrementAndGet();
		}

		@SwrCacheable(cache = "byPosition", key = "#p0")
		public String byPosition(long id, String other) {
			return "p" + id;
		}

		@SwrCacheable(cache = "byRoot", key = "#root.methodName + '-' + #a0")
		public String byRoot(long id) {
			return "r" + id;
		}

		@SwrCacheable("none")
		public String none() {
			return "none";
		}

		@SwrCacheable("one")
		public String one(String a) {
			return a;
		}

		@SwrCacheable("two")
		public String two(String a, int b) {
			return a + b;
		}

		@SwrCacheable(cache = "conditional", key = "#id", condition = "#id > 0")
		public String conditional(long id) {
			this.calls.incrementAndGet();
			return "c" + id;
		}

		@SwrCacheable(cache = "unless", key = "#text", unless = "#result.isEmpty()")
		public String unlessEmpty(String text) {
			return text;
		}

		@SwrCacheable(cache = "vetoedRefresh", unless = "#result.startsWith('tmp')")
		public String vetoedRefresh() {
			int call = this.calls.incrementAndGet();
			return (call == 1) ? "kept-1" : "tmp-" + call;
		}

		@SwrCacheable(cache = "overridden", key = "#id", ttl = "30s")
		public String overridden(long id) {
			return "o";
		}

		@SwrCacheable(cache = "optional", key = "#id")
		public Optional<String> optional(long id) {
			this.calls.incrementAndGet();
			return (id == 0) ? Optional.empty() : Optional.of("o" + id);
		}

		@SwrCacheable(cache = "optionalNulls", key = "#id", cacheNulls = true)
		public Optional<String> optionalNulls(long id) {
			this.calls.incrementAndGet();
			return Optional.empty();
		}

		@SwrCacheable(cache = "future", key = "#id")
		public CompletableFuture<String> future(long id) {
			this.calls.incrementAndGet();
			return CompletableFuture.supplyAsync(() -> "f" + id);
		}

		@SwrCacheable(cache = "taggedFuture", key = "#id", tags = "'value:' + #result")
		public CompletableFuture<String> taggedFuture(long id) {
			return CompletableFuture.supplyAsync(() -> "t" + id);
		}

		@SwrCacheable(cache = "taggedMono", key = "#id", tags = "'value:' + #result")
		public Mono<String> taggedMono(long id) {
			return Mono.fromSupplier(() -> "t" + id);
		}

		@SwrCacheEvict(cache = "taggedMono", tags = "#tag")
		public void evictTaggedMono(String tag) {
		}

		@SwrCacheable("list")
		public List<String> list() {
			return List.of("a", "b");
		}

		@SwrCacheable(cache = "tagged", key = "#id", tags = { "'item:' + #id", "#id % 2 == 1 ? 'odd' : null" })
		public String tagged(long id) {
			return "t" + id;
		}

		@SwrCacheEvict(cache = "tagged", tags = "#tag")
		public void evictTag(String tag) {
		}

		@SwrCacheEvict(cache = "byName", key = "#id")
		public void evict(long id) {
		}

		@SwrCacheEvict(cache = "byName", allEntries = true)
		public void evictAll() {
		}

		@SwrCacheEvict(cache = "byName", key = "#id")
		public void evictThenFail(long id) {
			throw new IllegalArgumentException("failed");
		}

		@SwrCachePut(cache = "byName", key = "#id")
		public String update(long id, String value) {
			return value;
		}

		@SwrCacheable(cache = "failing", key = "#id")
		public String failing(long id) {
			throw new IllegalArgumentException("no item " + id);
		}

		public String selfInvoking(long id) {
			return conditional(id + 100);
		}

		@SwrCacheable("tenantRefreshing")
		public String tenantRefreshing() {
			String value = TENANT.get() + "@" + Thread.currentThread().getName();
			if (this.calls.incrementAndGet() > 1) {
				synchronized (this.refreshes) {
					this.refreshes.add(value);
				}
			}
			return value;
		}

		@SwrCacheable("observedRefreshing")
		public String observedRefreshing() {
			Observation current = OBSERVATIONS.getCurrentObservation();
			String value = ((current != null) ? current.getContext().getName() : null) + "@"
					+ Thread.currentThread().getName();
			if (this.calls.incrementAndGet() > 1) {
				synchronized (this.refreshes) {
					this.refreshes.add(value);
				}
			}
			return value;
		}

		@SwrCacheable("refreshing")
		public String refreshing() {
			String value = MDC.get("trace") + "@" + Thread.currentThread().getName();
			if (this.calls.incrementAndGet() > 1) {
				synchronized (this.refreshes) {
					this.refreshes.add(value);
				}
			}
			return value;
		}

	}

}
