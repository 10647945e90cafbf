package io.github.swrcache.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.entry;

/**
 * {@code getAll}: cached keys are served, the rest are loaded with one bulk call, keys
 * already being loaded are awaited rather than loaded twice.
 */
class BulkLoadTests extends AbstractEngineTests {

	private final List<Set<Integer>> bulkCalls = new CopyOnWriteArrayList<>();

	private final BulkLoader<Integer, String> bulk = (keys) -> {
		this.bulkCalls.add(Set.copyOf(keys));
		Map<Integer, String> values = new LinkedHashMap<>();
		for (Integer key : keys) {
			if (key >= 0) {
				values.put(key, "bulk" + key);
			}
		}
		return values;
	};

	@Test
	void missingKeysAreLoadedWithOneBulkCallAndResultKeepsTheOrderOfTheKeys() {
		SwrCache<Integer, String> cache = this.manager.cache("c", String.class, this.policy);
		cache.put(2, "cached2");
		cache.put(4, "cached4");
		Map<Integer, String> values = cache.getAll(List.of(5, 4, 3, 2, 1, 3), this.bulk);
		assertThat(values).containsExactly(entry(5, "bulk5"), entry(4, "cached4"), entry(3, "bulk3"),
				entry(2, "cached2"), entry(1, "bulk1"));
		assertThat(this.bulkCalls).containsExactly(Set.of(1, 3, 5));
		assertThat(cache.getAll(List.of(1, 2, 3, 4, 5), this.bulk)).hasSize(5);
		assertThat(this.bulkCalls).hasSize(1);
		CacheStatistics stats = cache.statistics();
		assertThat(stats.misses()).isEqualTo(3);
		assertThat(stats.localHits()).isEqualTo(7);
		assertThat(stats.loadSuccesses()).isEqualTo(1);
	}

	@Test
	void keysTheBulkLoaderLeavesOutAreAbsentAndNotCached() {
		SwrCache<Integer, String> cache = this.manager.cache("c", String.class, this.policy);
		assertThat(cache.getAll(List.of(1, -1), this.bulk)).containsExactly(entry(1, "bulk1"));
		assertThat(cache.peek(-1).state()).isEqualTo(EntryState.ABSENT);
		cache.getAll(List.of(1, -1), this.bulk);
		assertThat(this.bulkCalls).containsExactly(Set.of(1, -1), Set.of(-1));
	}

	@Test
	void staleKeysAreServedAndRefreshedTogetherInOneBackgroundBulkCall() {
		SwrCache<Integer, String> cache = this.manager.cache("c", String.class, this.policy);
		cache.getAll(List.of(1, 2, 3), this.bulk);
		this.clock.advance(Duration.ofSeconds(10));
		cache.put(3, "fresh3");
		assertThat(cache.getAll(List.of(1, 2, 3), this.bulk)).containsExactly(entry(1, "bulk1"), entry(2, "bulk2"),
				entry(3, "fresh3"));
		assertThat(this.bulkCalls).hasSize(1);
		assertThat(this.refreshes.runAll()).isEqualTo(1);
		assertThat(this.bulkCalls).containsExactly(Set.of(1, 2, 3), Set.of(1, 2));
		assertThat(cache.peek(1).state()).isEqualTo(EntryState.FRESH);
		assertThat(cache.statistics().refreshSuccesses()).isEqualTo(1);
		assertThat(cache.statistics().staleServed()).isEqualTo(2);
	}

	@Test
	void failedBulkLoadServesFallbacksAndThrowsForKeysWithout() {
		SwrCache<Integer, String> cache = this.manager.cache("c", String.class, this.policy);
		cache.getAll(List.of(1), this.bulk);
		this.clock.advance(Duration.ofSeconds(35));
		IllegalStateException failure = new IllegalStateException("source down");
		BulkLoader<Integer, String> failing = (keys) -> {
			this.bulkCalls.add(Set.copyOf(keys));
			throw failure;
		};
		assertThat(cache.getAll(List.of(1), failing)).containsExactly(entry(1, "bulk1"));
		assertThatExceptionOfType(SwrLoadException.class).isThrownBy(() -> cache.getAll(List.of(1, 2), failing))
			.withCause(failure);
		assertThat(this.bulkCalls).containsExactly(Set.of(1), Set.of(1), Set.of(2));
		assertThat(cache.statistics().failSafeServed()).isEqualTo(2);
	}

	@Test
	void keysAlreadyInFlightAreAwaitedNotLoadedTwice() throws Exception {
		SwrCache<Integer, String> cache = this.manager.cache("c", String.class, this.policy);
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		List<Integer> singleLoads = new CopyOnWriteArrayList<>();
		CompletableFuture<String> single = CompletableFuture.supplyAsync(() -> cache.get(3, (key) -> {
			singleLoads.add(key);
			loading.countDown();
			release.await();
			return "single3";
		}));
		assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<Map<Integer, String>> all = CompletableFuture
			.supplyAsync(() -> cache.getAll(List.of(1, 2, 3, 4), this.bulk));
		org.awaitility.Awaitility.await().until(() -> !this.bulkCalls.isEmpty());
		assertThat(all).isNotDone();
		release.countDown();
		assertThat(all.get(5, TimeUnit.SECONDS)).containsExactly(entry(1, "bulk1"), entry(2, "bulk2"),
				entry(3, "single3"), entry(4, "bulk4"));
		assertThat(single.get(5, TimeUnit.SECONDS)).isEqualTo("single3");
		assertThat(this.bulkCalls).containsExactly(Set.of(1, 2, 4));
		assertThat(singleLoads).containsExactly(3);
	}

	@Test
	void nullKeyIsRejectedAndNothingIsLoaded() {
		SwrCache<Integer, String> cache = this.manager.cache("c", String.class, this.policy);
		List<Integer> keys = new ArrayList<>();
		keys.add(1);
		keys.add(null);
		assertThatNullPointerException().isThrownBy(() -> cache.getAll(keys, this.bulk))
			.withMessage("keys must not contain null");
		assertThat(this.bulkCalls).isEmpty();
		assertThat(cache.getAll(List.of(1), this.bulk)).containsExactly(entry(1, "bulk1"));
	}

}
