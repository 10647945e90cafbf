package io.github.swrcache.core;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three windows of an entry, driven by the fake clock: fresh, stale (served at once,
 * one refresh), then only a fail-safe value, then gone.
 */
class StaleWhileRevalidateTests extends AbstractEngineTests {

	@Test
	void missLoadsOnceThenFreshValueIsServedWithoutLoading() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		assertThat(cache.get("a", this.loader)).isEqualTo("a-v1");
		this.clock.advance(Duration.ofMillis(9_999));
		assertThat(cache.get("a", this.loader)).isEqualTo("a-v1");
		assertThat(this.loader.calls()).isEqualTo(1);
		assertThat(this.refreshes.pending()).isZero();
		CacheStatistics stats = cache.statistics();
		assertThat(stats.misses()).isEqualTo(1);
		assertThat(stats.localHits()).isEqualTo(1);
		assertThat(stats.loadSuccesses()).isEqualTo(1);
		assertThat(stats.puts()).isEqualTo(1);
	}

	@Test
	void peekReportsTheWindowsOfTheEntry() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		Instant written = this.clock.instant();
		cache.get("a", this.loader);
		CacheLookup<String> lookup = cache.peek("a");
		assertThat(lookup.state()).isEqualTo(EntryState.FRESH);
		assertThat(lookup.tier()).isEqualTo(CacheTier.LOCAL);
		assertThat(lookup.value()).isEqualTo("a-v1");
		assertThat(lookup.createdAt()).isEqualTo(written);
		assertThat(lookup.freshUntil()).isEqualTo(written.plusSeconds(10));
		assertThat(lookup.staleUntil()).isEqualTo(written.plusSeconds(30));
		assertThat(lookup.errorUntil()).isEqualTo(written.plusSeconds(60));
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(cache.peek("a").state()).isEqualTo(EntryState.STALE);
		this.clock.advance(Duration.ofSeconds(20));
		assertThat(cache.peek("a").state()).isEqualTo(EntryState.ABSENT);
		assertThat(cache.peek("a").value()).isNull();
		assertThat(cache.peek("missing")).isEqualTo(CacheLookup.absent());
		assertThat(this.loader.calls()).isEqualTo(1);
	}

	@Test
	void staleEntryIsServedAtOnceWhileOneRefreshRuns() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		cache.get("a", this.loader);
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(cache.get("a", this.loader)).isEqualTo("a-v1");
		assertThat(cache.get("a", this.loader)).isEqualTo("a-v1");
		assertThat(cache.get("a", this.loader)).isEqualTo("a-v1");
		assertThat(this.loader.calls()).isEqualTo(1);
		assertThat(this.refreshes.pending()).isEqualTo(1);
		assertThat(this.refreshes.runAll()).isEqualTo(1);
		assertThat(this.loader.calls()).isEqualTo(2);
		assertThat(cache.get("a", this.loader)).isEqualTo("a-v2");
		assertThat(cache.peek("a").state()).isEqualTo(EntryState.FRESH);
		CacheStatistics stats = cache.statistics();
		assertThat(stats.staleServed()).isEqualTo(3);
		assertThat(stats.refreshSuccesses()).isEqualTo(1);
		assertThat(stats.misses()).isEqualTo(1);
		assertThat(stats.localHits()).isEqualTo(4);
	}

	@Test
	void refreshedEntryGetsNewWindowsFromTheRefreshTime() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		cache.get("a", this.loader);
		this.clock.advance(Duration.ofSeconds(25));
		cache.get("a", this.loader);
		Instant refreshedAt = this.clock.instant();
		this.refreshes.runAll();
		assertThat(cache.peek("a").freshUntil()).isEqualTo(refreshedAt.plusSeconds(10));
	}

	@Test
	void entryPastItsStaleWindowMakesTheCallerWaitForALoad() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		cache.get("a", this.loader);
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(cache.get("a", this.loader)).isEqualTo("a-v2");
		assertThat(this.loader.calls()).isEqualTo(2);
		assertThat(this.refreshes.pending()).isZero();
		assertThat(cache.statistics().misses()).isEqualTo(2);
	}

	@Test
	void entryPastItsErrorWindowIsGone() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		cache.get("a", this.loader);
		this.clock.advance(Duration.ofSeconds(60));
		assertThat(cache.peek("a").state()).isEqualTo(EntryState.ABSENT);
		assertThat(cache.peek("a").createdAt()).isNull();
		this.loader.failWith(new IllegalStateException("source down"));
		org.assertj.core.api.Assertions.assertThatExceptionOfType(SwrLoadException.class)
			.isThrownBy(() -> cache.get("a", this.loader));
	}

	@Test
	void ttlJitterSpreadsExpiryByTheConfiguredFraction() {
		SwrCache<String, String> cache = this.manager.cache("jittered", String.class,
				this.policy.mutate().jitter(0.2).build());
		Instant written = this.clock.instant();
		this.random.set(0.0);
		cache.get("low", this.loader);
		this.random.set(0.75);
		cache.get("high", this.loader);
		assertThat(cache.peek("low").freshUntil()).isEqualTo(written.plusMillis(8_000));
		assertThat(cache.peek("high").freshUntil()).isEqualTo(written.plusMillis(11_000));
		assertThat(cache.peek("high").staleUntil()).isEqualTo(written.plusMillis(31_000));
	}

	@Test
	void earlyRefreshStartsWhenXFetchSaysSo() {
		CachePolicy early = this.policy.mutate().earlyRefresh(true).earlyRefreshBeta(1.0).build();
		SwrCache<String, String> cache = this.manager.cache("early", String.class, early);
		// a load that takes 200 ms on the fake clock
		Loader<String, String> slow = (key) -> {
			this.clock.advance(Duration.ofMillis(200));
			return this.loader.load(key);
		};
		cache.get("a", slow);
		// u = 1 - 0.5: refresh once remaining <= 200 * ln 2 = 138.6 ms
		this.clock.advance(Duration.ofMillis(10_000 - 139));
		cache.get("a", slow);
		assertThat(this.refreshes.pending()).isZero();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(cache.get("a", slow)).isEqualTo("a-v1");
		assertThat(this.refreshes.pending()).isEqualTo(1);
		this.refreshes.runAll();
		assertThat(this.loader.calls()).isEqualTo(2);
		assertThat(cache.get("a", slow)).isEqualTo("a-v2");
		assertThat(cache.statistics().staleServed()).isZero();
	}

	@Test
	void earlyRefreshIsOffByDefault() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		cache.get("a", this.loader);
		this.clock.advance(Duration.ofMillis(9_999));
		this.random.set(0.999_999_999);
		cache.get("a", this.loader);
		assertThat(this.refreshes.pending()).isZero();
	}

	@Test
	void refreshSeesTheStaleValueAndMayChangeTagsAndTtl() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		AtomicInteger loads = new AtomicInteger();
		String[] seen = new String[2];
		boolean[] refresh = new boolean[2];
		ContextLoader<String, String> adaptive = (key, context) -> {
			int n = loads.getAndIncrement();
			seen[n] = context.staleValue();
			refresh[n] = context.isRefresh();
			context.addTags("product:" + key);
			context.ttl(Duration.ofSeconds(2));
			return key + n;
		};
		cache.get("a", adaptive);
		Instant loadedAt = this.clock.instant();
		assertThat(cache.peek("a").freshUntil()).isEqualTo(loadedAt.plusSeconds(2));
		assertThat(cache.peek("a").staleUntil()).isEqualTo(loadedAt.plusSeconds(22));
		assertThat(cache.peek("a").tags()).containsExactly("product:a");
		this.clock.advance(Duration.ofSeconds(2));
		cache.get("a", adaptive);
		this.refreshes.runAll();
		assertThat(seen).containsExactly(null, "a0");
		assertThat(refresh).containsExactly(false, true);
		assertThat(cache.get("a", adaptive)).isEqualTo("a1");
	}

	@Test
	void fullRefreshExecutorDropsTheRefreshAndCountsIt() {
		SwrCacheManager full = SwrCacheManager.builder().clock(this.clock).refreshExecutor((task) -> {
			throw new java.util.concurrent.RejectedExecutionException("full");
		}).build();
		try {
			SwrCache<String, String> cache = full.cache("c", String.class, this.policy);
			cache.get("a", this.loader);
			this.clock.advance(Duration.ofSeconds(10));
			assertThat(cache.get("a", this.loader)).isEqualTo("a-v1");
			assertThat(cache.get("a", this.loader)).isEqualTo("a-v1");
			assertThat(cache.statistics().refreshesDropped()).isEqualTo(2);
			assertThat(this.loader.calls()).isEqualTo(1);
		}
		finally {
			full.close();
		}
	}

	@Test
	void defaultRefreshExecutorIsBoundedAndDropsWhenFull() throws Exception {
		java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
		SwrCacheManager bounded = SwrCacheManager.builder()
			.clock(this.clock)
			.refreshThreads(1)
			.refreshQueueCapacity(1)
			.build();
		try {
			SwrCache<Integer, String> cache = bounded.cache("c", String.class, this.policy);
			for (int key = 0; key < 5; key++) {
				cache.get(key, (k) -> "v" + k);
			}
			this.clock.advance(Duration.ofSeconds(10));
			for (int key = 0; key < 5; key++) {
				assertThat(cache.get(key, (k) -> {
					release.await();
					return "new" + k;
				})).isEqualTo("v" + key);
			}
			// one refresh runs, one waits in the queue, three are dropped
			assertThat(cache.statistics().refreshesDropped()).isEqualTo(3);
			release.countDown();
			org.awaitility.Awaitility.await()
				.untilAsserted(() -> assertThat(cache.statistics().refreshSuccesses()).isEqualTo(2));
		}
		finally {
			release.countDown();
			bounded.close();
		}
	}

	@Test
	void callerWhoNeedsAValueRunsARefreshStillWaitingInTheQueueInsteadOfWaitingBehindIt() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class,
				this.policy.mutate().loadTimeout(null).build());
		cache.get("a", this.loader);
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(cache.get("a", this.loader)).isEqualTo("a-v1");
		assertThat(this.refreshes.pending()).isEqualTo(1);
		// past the stale window: this caller must wait for a value, and the refresh has
		// not started yet
		this.clock.advance(Duration.ofSeconds(20));
		assertThat(cache.get("a", this.loader)).isEqualTo("a-v2");
		assertThat(this.loader.calls()).isEqualTo(2);
		this.refreshes.runAll();
		assertThat(this.loader.calls()).isEqualTo(2);
		assertThat(cache.get("a", this.loader)).isEqualTo("a-v2");
	}

}
