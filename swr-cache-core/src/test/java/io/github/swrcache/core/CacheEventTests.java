package io.github.swrcache.core;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.swrcache.core.event.CacheEvent;
import io.github.swrcache.core.event.CacheHitEvent;
import io.github.swrcache.core.event.FailSafeEvent;
import io.github.swrcache.core.event.LoadFailureEvent;
import io.github.swrcache.core.event.LoadSuccessEvent;
import io.github.swrcache.core.event.SwrCacheEvent.Type;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The events of one cache on the fake clock: one event per count of its statistics, in
 * the order the read path passes them, stamped with the manager's clock; typed listeners
 * see only their type; a throwing listener changes nothing for the caller; and without a
 * listener the fresh-hit path allocates nothing.
 */
class CacheEventTests extends AbstractEngineTests {

	private final CachePolicy throttled = this.policy.mutate().failSafeThrottle(Duration.ofSeconds(5)).build();

	private final List<CacheEvent> events = new CopyOnWriteArrayList<>();

	private SwrCache<String, String> listened(CachePolicy policy) {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, policy);
		cache.eventPublisher().onEvent(this.events::add);
		return cache;
	}

	private List<Type> types() {
		return this.events.stream().map(CacheEvent::type).toList();
	}

	@Test
	void missHitStaleAndRefreshArePublishedInOrder() {
		SwrCache<String, String> cache = listened(this.policy);
		Instant start = this.clock.instant();
		cache.get("a", this.loader);
		assertThat(types()).containsExactly(Type.LOAD_SUCCESS, Type.MISS);
		assertThat(this.events).allSatisfy((event) -> {
			assertThat(event.cacheName()).isEqualTo("c");
			assertThat(event.key()).isEqualTo("a");
			assertThat(event.creationTime()).isEqualTo(start);
		});
		LoadSuccessEvent load = (LoadSuccessEvent) this.events.get(0);
		assertThat(load.isRefresh()).isFalse();
		assertThat(load.keys()).containsExactly("a");
		assertThat(load.duration().isNegative()).isFalse();
		this.events.clear();
		cache.get("a", this.loader);
		assertThat(this.events).singleElement()
			.isInstanceOfSatisfying(CacheHitEvent.class,
					(hit) -> assertThat(hit).extracting(CacheHitEvent::tier, CacheHitEvent::state)
						.containsExactly(CacheTier.LOCAL, EntryState.FRESH));
		this.events.clear();
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(cache.get("a", this.loader)).isEqualTo("a-v1");
		assertThat(types()).containsExactly(Type.HIT, Type.STALE_SERVED);
		assertThat(((CacheHitEvent) this.events.get(0)).state()).isEqualTo(EntryState.STALE);
		assertThat(this.events.get(1).creationTime()).isEqualTo(start.plusSeconds(10));
		this.events.clear();
		assertThat(this.refreshes.runAll()).isEqualTo(1);
		assertThat(this.events).singleElement()
			.isInstanceOfSatisfying(LoadSuccessEvent.class, (refresh) -> assertThat(refresh.isRefresh()).isTrue());
		CacheStatistics stats = cache.statistics();
		assertThat(stats.localHits()).isEqualTo(2);
		assertThat(stats.misses()).isEqualTo(1);
		assertThat(stats.staleServed()).isEqualTo(1);
		assertThat(stats.loadSuccesses()).isEqualTo(2);
	}

	@Test
	void failedLoadWithAFallbackIsALoadFailureAMissAndAFailSafe() {
		SwrCache<String, String> cache = listened(this.throttled);
		cache.get("a", this.loader);
		this.clock.advance(Duration.ofSeconds(35));
		IllegalStateException failure = new IllegalStateException("source down");
		this.loader.failWith(failure);
		this.events.clear();
		assertThat(cache.get("a", this.loader)).isEqualTo("a-v1");
		assertThat(types()).containsExactly(Type.LOAD_FAILURE, Type.MISS, Type.FAIL_SAFE);
		assertThat(((LoadFailureEvent) this.events.get(0)).cause()).isSameAs(failure);
		assertThat(((FailSafeEvent) this.events.get(2)).cause()).isSameAs(failure);
		this.events.clear();
		// within the throttle: served at once, no load
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(cache.get("a", this.loader)).isEqualTo("a-v1");
		assertThat(types()).containsExactly(Type.HIT, Type.FAIL_SAFE);
		assertThat(((FailSafeEvent) this.events.get(1)).cause()).isNull();
		assertThat(cache.statistics().failSafeServed()).isEqualTo(2);
	}

	@Test
	void failedLoadWithoutFallbackIsALoadFailureAndAMiss() {
		SwrCache<String, String> cache = listened(this.throttled);
		this.loader.failWith(new IllegalStateException("source down"));
		assertThatExceptionOfType(SwrLoadException.class).isThrownBy(() -> cache.get("a", this.loader));
		assertThat(types()).containsExactly(Type.LOAD_FAILURE, Type.MISS);
	}

	@Test
	void refreshRejectedByAFullExecutorIsARefreshDropped() {
		try (SwrCacheManager full = SwrCacheManager.builder()
			.clock(this.clock)
			.random(this.random)
			.refreshExecutor((task) -> {
				throw new RejectedExecutionException("full");
			})
			.build()) {
			SwrCache<String, String> cache = full.cache("c", String.class, this.policy);
			cache.eventPublisher().onEvent(this.events::add);
			cache.get("a", this.loader);
			this.clock.advance(Duration.ofSeconds(10));
			this.events.clear();
			assertThat(cache.get("a", this.loader)).isEqualTo("a-v1");
			assertThat(this.events).extracting(CacheEvent::type, CacheEvent::key)
				.containsExactly(tuple(Type.HIT, "a"), tuple(Type.STALE_SERVED, "a"), tuple(Type.REFRESH_DROPPED, "a"));
			assertThat(cache.statistics().refreshesDropped()).isEqualTo(1);
		}
	}

	@Test
	void bulkLoadIsOneLoadEventForItsKeysAndOneMissPerKey() {
		SwrCache<String, String> cache = listened(this.policy);
		cache.getAll(List.of("a", "b"), (keys) -> Map.of("a", "1", "b", "2"));
		assertThat(types()).containsExactly(Type.LOAD_SUCCESS, Type.MISS, Type.MISS);
		LoadSuccessEvent load = (LoadSuccessEvent) this.events.get(0);
		assertThat(load.key()).isNull();
		assertThat(load.keys()).containsExactly("a", "b");
		this.events.clear();
		cache.getAll(List.of("a", "b"), (keys) -> Map.of());
		assertThat(this.events).extracting(CacheEvent::type, CacheEvent::key)
			.containsExactly(tuple(Type.HIT, "a"), tuple(Type.HIT, "b"));
	}

	@Test
	void typedListenersSeeOnlyTheirType() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		List<CacheHitEvent> hits = new CopyOnWriteArrayList<>();
		List<LoadSuccessEvent> loads = new CopyOnWriteArrayList<>();
		cache.eventPublisher().onHit(hits::add).onLoadSuccess(loads::add);
		cache.get("a", this.loader);
		cache.get("a", this.loader);
		cache.get("a", this.loader);
		assertThat(hits).hasSize(2);
		assertThat(loads).hasSize(1);
	}

	@Test
	void throwingListenerDoesNotFailTheReadAndIsCounted() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		AtomicInteger after = new AtomicInteger();
		cache.eventPublisher().onHit((event) -> {
			throw new IllegalStateException("listener bug");
		}).onHit((event) -> after.incrementAndGet());
		assertThat(cache.get("a", this.loader)).isEqualTo("a-v1");
		assertThat(cache.get("a", this.loader)).isEqualTo("a-v1");
		assertThat(cache.get("a", this.loader)).isEqualTo("a-v1");
		assertThat(after).hasValue(2);
		assertThat(cache.statistics().listenerFailures()).isEqualTo(2);
	}

	@Test
	void managerBuilderListenerSeesCachesCreatedLater() {
		List<CacheEvent> seen = new CopyOnWriteArrayList<>();
		try (SwrCacheManager listening = SwrCacheManager.builder()
			.clock(this.clock)
			.cacheEventListener(seen::add)
			.build()) {
			SwrCache<String, String> later = listening.cache("later", String.class, this.policy);
			later.get("a", this.loader);
			assertThat(seen).extracting(CacheEvent::cacheName, CacheEvent::type)
				.containsExactly(tuple("later", Type.LOAD_SUCCESS), tuple("later", Type.MISS));
		}
	}

	@Test
	void freshHitAllocatesNothingWithoutAListener() {
		SwrCache<String, String> quiet = this.manager.cache("quiet", String.class, this.policy);
		SwrCache<String, String> heard = this.manager.cache("heard", String.class, this.policy);
		// A listener of another type creates no hit events either.
		quiet.eventPublisher().onMiss((event) -> {
		});
		AtomicInteger hits = new AtomicInteger();
		heard.eventPublisher().onHit((event) -> hits.incrementAndGet());
		quiet.get("a", this.loader);
		heard.get("a", this.loader);
		long quietBytes = allocatedByHits(quiet, 200_000);
		long heardBytes = allocatedByHits(heard, 200_000);
		assertThat(hits).hasValue(2 * 200_000);
		// an event is at least 16 bytes; without a listener the loop allocates nothing
		// per
		// hit (the allowance covers one-time allocations of the JVM)
		assertThat(heardBytes).isGreaterThan(200_000L * 16);
		assertThat(quietBytes).isLessThan(200_000L);
	}

	/** Warms the fresh-hit path up, then measures what {@code count} hits allocate. */
	private static long allocatedByHits(SwrCache<String, String> cache, int count) {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		Loader<String, String> unused = (key) -> {
			throw new AssertionError("no load expected");
		};
		for (int i = 0; i < count; i++) {
			cache.get("a", unused);
		}
		long before = threads.getCurrentThreadAllocatedBytes();
		for (int i = 0; i < count; i++) {
			cache.get("a", unused);
		}
		return threads.getCurrentThreadAllocatedBytes() - before;
	}

}
