package io.github.swrcache.core;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Loader failures and timeouts: the last value is served while it is in its
 * {@code stale-if-error} window and not invalidated; without one the caller gets a
 * {@link SwrLoadException}, and nothing is cached.
 */
class FailSafeTests extends AbstractEngineTests {

	private final CachePolicy throttled = this.policy.mutate().failSafeThrottle(Duration.ofSeconds(5)).build();

	@Test
	void failedLoadServesTheErrorWindowValueAndThrottlesRetries() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.throttled);
		cache.get("a", this.loader);
		this.clock.advance(Duration.ofSeconds(35));
		this.loader.failWith(new IllegalStateException("source down"));
		assertThat(cache.get("a", this.loader)).isEqualTo("a-v1");
		assertThat(this.loader.calls()).isEqualTo(2);
		this.clock.advance(Duration.ofMillis(4_999));
		assertThat(cache.get("a", this.loader)).isEqualTo("a-v1");
		assertThat(this.loader.calls()).isEqualTo(2);
		this.clock.advance(Duration.ofMillis(1));
		this.loader.succeed();
		assertThat(cache.get("a", this.loader)).isEqualTo("a-v2");
		assertThat(this.loader.calls()).isEqualTo(3);
		CacheStatistics stats = cache.statistics();
		assertThat(stats.failSafeServed()).isEqualTo(2);
		assertThat(stats.loadFailures()).isEqualTo(1);
	}

	@Test
	void failedRefreshKeepsServingStaleAndIsNotRetriedWithinTheThrottle() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.throttled);
		cache.get("a", this.loader);
		this.clock.advance(Duration.ofSeconds(10));
		this.loader.failWith(new IllegalStateException("source down"));
		assertThat(cache.get("a", this.loader)).isEqualTo("a-v1");
		this.refreshes.runAll();
		assertThat(cache.statistics().refreshFailures()).isEqualTo(1);
		this.clock.advance(Duration.ofMillis(4_999));
		assertThat(cache.get("a", this.loader)).isEqualTo("a-v1");
		assertThat(this.refreshes.pending()).isZero();
		this.clock.advance(Duration.ofMillis(1));
		this.loader.succeed();
		assertThat(cache.get("a", this.loader)).isEqualTo("a-v1");
		assertThat(this.refreshes.runAll()).isEqualTo(1);
		assertThat(cache.get("a", this.loader)).isEqualTo("a-v2");
	}

	@Test
	void failedLoadWithoutFallbackThrowsWithTheCauseAndCachesNothing() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.throttled);
		IllegalStateException failure = new IllegalStateException("source down");
		this.loader.failWith(failure);
		assertThatExceptionOfType(SwrLoadException.class).isThrownBy(() -> cache.get("a", this.loader))
			.withCause(failure)
			.withMessageContaining("cache 'c'")
			.satisfies((ex) -> assertThat(ex.getCacheName()).isEqualTo("c"));
		assertThat(cache.peek("a").state()).isEqualTo(EntryState.ABSENT);
		this.loader.succeed();
		assertThat(cache.get("a", this.loader)).isEqualTo("a-v1");
		assertThat(this.loader.calls()).isEqualTo(2);
	}

	@Test
	void checkedLoaderExceptionIsTheCause() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.throttled);
		java.io.IOException failure = new java.io.IOException("socket closed");
		assertThatExceptionOfType(SwrLoadException.class).isThrownBy(() -> cache.get("a", (key) -> {
			throw failure;
		})).withCause(failure);
	}

	@Test
	void invalidatedValueIsNotAFailSafeFallback() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.throttled);
		cache.get("a", (key, context) -> {
			context.addTags("tenant:7");
			return "old";
		});
		this.clock.advance(Duration.ofSeconds(35));
		cache.invalidateTag("tenant:7");
		this.loader.failWith(new IllegalStateException("source down"));
		assertThatExceptionOfType(SwrLoadException.class).isThrownBy(() -> cache.get("a", this.loader));
		assertThat(cache.statistics().failSafeServed()).isZero();
	}

	@Test
	void softTimeoutServesTheFallbackAndTheLoadStillStoresItsResult() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		SwrCache<String, String> cache = this.manager.cache("c", String.class,
				this.throttled.mutate().loadTimeout(Duration.ofMillis(50)).build());
		cache.get("a", this.loader);
		this.clock.advance(Duration.ofSeconds(35));
		String served = cache.get("a", (key) -> {
			release.await();
			return "slow-new";
		});
		assertThat(served).isEqualTo("a-v1");
		assertThat(cache.statistics().failSafeServed()).isEqualTo(1);
		release.countDown();
		await().untilAsserted(() -> assertThat(cache.peek("a").value()).isEqualTo("slow-new"));
		assertThat(cache.get("a", this.loader)).isEqualTo("slow-new");
		assertThat(this.loader.calls()).isEqualTo(1);
	}

	@Test
	void hardTimeoutWithoutFallbackThrowsATimeout() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		SwrCache<String, String> cache = this.manager.cache("c", String.class,
				this.throttled.mutate().loadTimeout(null).loadHardTimeout(Duration.ofMillis(50)).build());
		try {
			assertThatExceptionOfType(SwrLoadException.class).isThrownBy(() -> cache.get("a", (key) -> {
				release.await();
				return "late";
			}))
				.withCauseInstanceOf(TimeoutException.class)
				.withMessageContaining("timed out")
				.withMessageContaining("load-hard-timeout");
		}
		finally {
			release.countDown();
		}
		await().untilAsserted(() -> assertThat(cache.peek("a").value()).isEqualTo("late"));
	}

	@Test
	void hardTimeoutWithFallbackServesTheFallback() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		SwrCache<String, String> cache = this.manager.cache("c", String.class,
				this.throttled.mutate().loadTimeout(null).loadHardTimeout(Duration.ofMillis(50)).build());
		cache.get("a", this.loader);
		this.clock.advance(Duration.ofSeconds(35));
		try {
			assertThat(cache.get("a", (key) -> {
				release.await();
				return "late";
			})).isEqualTo("a-v1");
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void loaderReturningNullCachesNothingByDefault() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.throttled);
		CountingLoader<String, String> none = new CountingLoader<>((key) -> null);
		assertThat(cache.get("a", none)).isNull();
		assertThat(cache.get("a", none)).isNull();
		assertThat(none.calls()).isEqualTo(2);
		assertThat(cache.peek("a").state()).isEqualTo(EntryState.ABSENT);
	}

	@Test
	void loaderReturningNullIsCachedForNullTtlWhenOptedIn() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class,
				this.throttled.mutate().cacheNulls(true).nullTtl(Duration.ofSeconds(3)).build());
		CountingLoader<String, String> none = new CountingLoader<>((key) -> null);
		assertThat(cache.get("a", none)).isNull();
		this.clock.advance(Duration.ofMillis(2_999));
		assertThat(cache.get("a", none)).isNull();
		assertThat(none.calls()).isEqualTo(1);
		assertThat(cache.peek("a").state()).isEqualTo(EntryState.FRESH);
		this.clock.advance(Duration.ofMillis(1));
		assertThat(cache.get("a", none)).isNull();
		assertThat(none.calls()).isEqualTo(2);
	}

	@Test
	void refreshThatFindsNoValueAnyMoreRemovesTheEntry() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.throttled);
		cache.get("a", this.loader);
		this.clock.advance(Duration.ofSeconds(10));
		CountingLoader<String, String> gone = new CountingLoader<>((key) -> null);
		assertThat(cache.get("a", gone)).isEqualTo("a-v1");
		this.refreshes.runAll();
		assertThat(cache.peek("a").state()).isEqualTo(EntryState.ABSENT);
		assertThat(cache.get("a", gone)).isNull();
	}

	@Test
	void hungRefreshIsAbandonedAtTheRefreshTimeoutAndItsLateResultIsNotStored() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		try (SwrCacheManager timed = SwrCacheManager.builder()
			.clock(this.clock)
			.refreshTimeout(Duration.ofMillis(100))
			.build()) {
			SwrCache<String, String> cache = timed.cache("c", String.class, this.throttled);
			cache.put("a", "old");
			this.clock.advance(Duration.ofSeconds(10));
			AtomicInteger hungCalls = new AtomicInteger();
			assertThat(cache.get("a", (key) -> {
				hungCalls.incrementAndGet();
				release.await();
				return "late";
			})).isEqualTo("old");
			await().until(() -> hungCalls.get() == 1);
			CountingLoader<String, String> next = new CountingLoader<>((key) -> "new");
			await().untilAsserted(() -> {
				assertThat(cache.get("a", next)).isIn("old", "new");
				assertThat(next.calls()).isEqualTo(1);
			});
			await().untilAsserted(() -> assertThat(cache.peek("a").value()).isEqualTo("new"));
			release.countDown();
			await().untilAsserted(() -> assertThat(cache.statistics().loadSuccesses()).isEqualTo(2));
			assertThat(cache.peek("a").value()).isEqualTo("new");
			assertThat(cache.statistics().refreshFailures()).isZero();
		}
		finally {
			release.countDown();
		}
	}

}
