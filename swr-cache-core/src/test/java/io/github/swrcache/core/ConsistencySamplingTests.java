package io.github.swrcache.core;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Which hits become consistency candidates, and what a check of an in-process cache does;
 * the multi-node rules on Redis are in {@link AbstractConsistencyIntegrationTests}.
 */
class ConsistencySamplingTests {

	private final FakeClock clock = new FakeClock();

	private final FixedRandom random = new FixedRandom(0.5);

	private final ManualExecutor refreshes = new ManualExecutor();

	private final CachePolicy policy = CachePolicy.builder()
		.ttl(Duration.ofSeconds(10))
		.staleWhileRevalidate(Duration.ofSeconds(20))
		.jitter(0)
		.build();

	private final AtomicInteger version = new AtomicInteger();

	private final CountingLoader<String, String> loader = new CountingLoader<>(
			(key) -> key + "-v" + this.version.get());

	private SwrCacheManager manager;

	@AfterEach
	void close() {
		if (this.manager != null) {
			this.manager.close();
		}
	}

	private SwrCache<String, String> cache(ConsistencySampling sampling) {
		SwrCacheManager.Builder builder = SwrCacheManager.builder()
			.clock(this.clock)
			.random(this.random)
			.refreshExecutor(this.refreshes);
		if (sampling != null) {
			builder.consistencySampling(sampling);
		}
		this.manager = builder.build();
		return this.manager.cache("products", String.class, this.policy);
	}

	@Test
	void disabledSamplingCapturesNoCandidateAndCannotBeRun() {
		SwrCache<String, String> cache = cache(null);
		cache.get("a", this.loader);
		cache.get("a", this.loader);
		ConsistencyChecks checks = this.manager.consistencyChecks();
		assertThat(checks.enabled()).isFalse();
		assertThat(checks.statistics("products")).isNull();
		assertThat(checks.statistics()).isEmpty();
		assertThatIllegalStateException().isThrownBy(() -> checks.checkNow("products", 10))
			.withMessageContaining("consistency sampling is off");
		assertThat(this.loader.calls()).isOne();
	}

	@Test
	void freshHitBecomesACandidateOnlyWhenTheDrawIsBelowTheProbability() {
		SwrCache<String, String> cache = cache(ConsistencySampling.builder().probability(0.4).build());
		cache.get("a", this.loader);
		cache.get("a", this.loader);
		assertThat(candidates()).isZero();
		this.random.set(0.3);
		cache.get("a", this.loader);
		cache.get("a", this.loader);
		assertThat(candidates()).isOne();
		// A miss is not a fresh hit: nothing to compare yet.
		cache.get("b", this.loader);
		assertThat(candidates()).isOne();
	}

	@Test
	void everyReadPathOffersItsFreshHits() throws Exception {
		SwrCache<String, String> cache = cache(ConsistencySampling.builder().probability(1).build());
		cache.get("plain", this.loader);
		cache.get("plain", this.loader);
		cache.get("context", (key, context) -> "c");
		cache.get("context", (key, context) -> "c");
		cache.getAsync("async", (key, executor) -> java.util.concurrent.CompletableFuture.completedFuture("x"))
			.get(5, TimeUnit.SECONDS);
		cache.getAsync("async", (key, executor) -> java.util.concurrent.CompletableFuture.completedFuture("x"))
			.get(5, TimeUnit.SECONDS);
		assertThat(candidates()).isEqualTo(3);
	}

	@Test
	void reservoirKeepsAtMostMaxCandidates() {
		SwrCache<String, String> cache = cache(ConsistencySampling.builder().probability(1).maxCandidates(3).build());
		for (int i = 0; i < 10; i++) {
			cache.get("k" + i, this.loader);
			cache.get("k" + i, this.loader);
		}
		assertThat(candidates()).isEqualTo(3);
		assertThat(this.manager.consistencyChecks().checkNow("products", 100).matches()).isEqualTo(3);
	}

	@Test
	void entryNoLongerFreshIsSkippedNotReloaded() {
		SwrCache<String, String> cache = cache(ConsistencySampling.builder().probability(1).build());
		cache.get("a", this.loader);
		cache.get("a", this.loader);
		this.clock.advance(Duration.ofSeconds(10));
		ConsistencyStatistics statistics = this.manager.consistencyChecks().checkNow("products", 10);
		assertThat(statistics).isEqualTo(new ConsistencyStatistics("products", 0, 0, 0, 1, 0, 0));
		assertThat(this.loader.calls()).isOne();
	}

	@Test
	void driftIsRepairedInProcessWhenAsked() {
		SwrCache<String, String> cache = cache(ConsistencySampling.builder().probability(1).repair(true).build());
		cache.get("a", this.loader);
		cache.get("b", this.loader);
		cache.get("a", this.loader);
		cache.get("b", this.loader);
		this.version.set(2);
		ConsistencyStatistics statistics = this.manager.consistencyChecks().checkNow("products", 10);
		assertThat(statistics).isEqualTo(new ConsistencyStatistics("products", 0, 2, 0, 0, 2, 0));
		assertThat(cache.get("a", (key) -> "unexpected")).isEqualTo("a-v2");
		assertThat(statistics.driftRatio()).isEqualTo(1.0);
	}

	@Test
	void loaderThatDeclinesToStoreIsSkipped() {
		SwrCache<String, String> cache = cache(ConsistencySampling.builder().probability(1).repair(true).build());
		AtomicInteger calls = new AtomicInteger();
		ContextLoader<String, String> declinesLater = (key, context) -> {
			if (calls.incrementAndGet() > 1) {
				context.doNotStore();
				return "other";
			}
			return "first";
		};
		// The candidate keeps the loader of the hit that offered it.
		cache.get("a", declinesLater);
		cache.get("a", declinesLater);
		assertThat(candidates()).isOne();
		assertThat(this.manager.consistencyChecks().checkNow("products", 10).skipped()).isOne();
		assertThat(calls).hasValue(2);
		assertThat(cache.get("a", (key) -> "unexpected")).isEqualTo("first");
	}

	@Test
	void scheduledPassRunsOnTheRefreshExecutorAndChecksAtMostChecksPerInterval() {
		SwrCache<String, String> cache = cache(ConsistencySampling.builder()
			.probability(1)
			.checksPerInterval(2)
			.interval(Duration.ofMillis(50))
			.build());
		for (int i = 0; i < 5; i++) {
			cache.get("k" + i, this.loader);
			cache.get("k" + i, this.loader);
		}
		// The maintenance thread only hands the pass to the refresh executor, which this
		// test runs by hand.
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.refreshes.pending() > 0);
		assertThat(this.loader.calls()).isEqualTo(5);
		// More passes may have been handed over meanwhile; each checks two candidates.
		int passes = this.refreshes.runAll();
		ConsistencyStatistics statistics = this.manager.consistencyChecks().statistics("products");
		assertThat(statistics.matches()).isEqualTo(Math.min(5, 2 * passes));
		assertThat(statistics.candidates()).isEqualTo(5 - statistics.matches());
		assertThat(this.loader.calls()).isEqualTo(5 + statistics.matches());
	}

	@Test
	void badArgumentsAreRejectedWithTheirNames() {
		assertThatIllegalArgumentException().isThrownBy(() -> ConsistencySampling.builder().probability(0))
			.withMessage("probability must be more than 0 and at most 1, was 0.0");
		assertThatIllegalArgumentException().isThrownBy(() -> ConsistencySampling.builder().probability(1.5))
			.withMessage("probability must be more than 0 and at most 1, was 1.5");
		assertThatIllegalArgumentException().isThrownBy(() -> ConsistencySampling.builder().checksPerInterval(0))
			.withMessage("checksPerInterval must be positive, was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> ConsistencySampling.builder().maxCandidates(-1))
			.withMessage("maxCandidates must be positive, was -1");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ConsistencySampling.builder().interval(Duration.ofSeconds(-1)))
			.withMessage("interval must be positive, was PT-1S");
		cache(ConsistencySampling.builder().build());
		assertThatIllegalArgumentException().isThrownBy(() -> this.manager.consistencyChecks().checkNow("nope", 1))
			.withMessageStartingWith("cacheName must name an existing cache, was 'nope'");
		assertThatIllegalArgumentException().isThrownBy(() -> this.manager.consistencyChecks().checkNow("products", 0))
			.withMessage("maxChecks must be positive, was 0");
	}

	private int candidates() {
		return this.manager.consistencyChecks().statistics("products").candidates();
	}

}
