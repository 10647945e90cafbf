package io.github.swrcache.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.swrcache.core.metrics.SwrCacheMetrics;
import io.lettuce.core.AbstractRedisClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Consistency sampling on one real Redis, standalone or Cluster (the subclasses say
 * which), with two instances: ten entries are cached, the source changes four of them
 * behind the cache's back, and a pass over every candidate finds exactly those four.
 */
abstract class AbstractConsistencyIntegrationTests {

	static final int KEYS = 10;

	final FakeClock clock = new FakeClock();

	final CachePolicy policy = CachePolicy.builder().ttl(Duration.ofMinutes(10)).jitter(0).build();

	final Map<String, String> source = new ConcurrentHashMap<>();

	final AtomicInteger loads = new AtomicInteger();

	final AtomicBoolean sourceDown = new AtomicBoolean();

	final List<MeterRegistry> registries = new ArrayList<>();

	Nodes nodes;

	abstract AbstractRedisClient client();

	@AfterEach
	void close() {
		if (this.nodes != null) {
			try {
				assertThat(this.nodes.remoteErrors()).as("Redis errors counted by the caches").isZero();
			}
			finally {
				this.nodes.close();
			}
		}
	}

	List<SwrCache<String, String>> start(boolean repair) {
		ConsistencySampling sampling = ConsistencySampling.builder()
			.probability(1)
			.maxCandidates(100)
			.interval(Duration.ofHours(1))
			.repair(repair)
			.build();
		this.nodes = new Nodes(2, client(), this.clock, (builder) -> {
			MeterRegistry registry = new SimpleMeterRegistry();
			this.registries.add(registry);
			builder.consistencySampling(sampling).meterRegistry(registry);
		});
		List<SwrCache<String, String>> caches = this.nodes.caches("products", String.class, this.policy);
		for (int i = 0; i < KEYS; i++) {
			this.source.put("k" + i, "old-" + i);
		}
		// Node 0 loads every key, then hits each one fresh: ten candidates.
		for (int round = 0; round < 2; round++) {
			for (int i = 0; i < KEYS; i++) {
				assertThat(caches.get(0).get("k" + i, this::load)).isEqualTo("old-" + i);
			}
		}
		// Node 1 reads them from Redis, then hits each one fresh: ten candidates of its
		// own.
		for (int round = 0; round < 2; round++) {
			for (int i = 0; i < KEYS; i++) {
				assertThat(caches.get(1).get("k" + i, (key) -> "unexpected load")).isEqualTo("old-" + i);
			}
		}
		assertThat(this.loads).hasValue(KEYS);
		assertThat(statistics(0).candidates()).isEqualTo(KEYS);
		for (int i = 0; i < 4; i++) {
			this.source.put("k" + i, "new-" + i);
		}
		return caches;
	}

	@Test
	void passFindsExactlyTheEntriesThatDriftedFromTheSource() {
		List<SwrCache<String, String>> caches = start(false);
		ConsistencyStatistics statistics = this.nodes.node(0).consistencyChecks().checkNow("products", 100);
		assertThat(statistics).isEqualTo(new ConsistencyStatistics("products", 6, 4, 0, 0, 0, 0));
		assertThat(statistics.driftRatio()).isEqualTo(0.4);
		assertThat(checks("match")).isEqualTo(6);
		assertThat(checks("drift")).isEqualTo(4);
		assertThat(checks("error")).isZero();
		assertThat(
				this.registries.get(0).get(SwrCacheMetrics.CONSISTENCY_DRIFT).tag("cache", "products").gauge().value())
			.isEqualTo(0.4);
		assertThat(this.loads).hasValue(2 * KEYS);
		// Without repair nothing changes: every node still serves what it cached.
		for (SwrCache<String, String> cache : caches) {
			assertThat(cache.get("k0", (key) -> "unexpected load")).isEqualTo("old-0");
		}
	}

	@Test
	void repairStoresTheReloadedValuesAndEveryNodeServesThem() {
		List<SwrCache<String, String>> caches = start(true);
		ConsistencyStatistics statistics = this.nodes.node(0).consistencyChecks().checkNow("products", 100);
		assertThat(statistics).isEqualTo(new ConsistencyStatistics("products", 6, 4, 0, 0, 4, 0));
		for (SwrCache<String, String> cache : caches) {
			// The repair's bus message reaches the other node asynchronously.
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(cache.get("k0", (key) -> "unexpected load")).isEqualTo("new-0"));
			for (int i = 0; i < KEYS; i++) {
				assertThat(cache.get("k" + i, (key) -> "unexpected load")).isEqualTo(((i < 4) ? "new-" : "old-") + i);
			}
		}
		assertThat(this.loads).hasValue(2 * KEYS);
	}

	@Test
	void reloadThatFailsIsAnErrorAndChangesNothing() {
		List<SwrCache<String, String>> caches = start(true);
		this.sourceDown.set(true);
		ConsistencyStatistics statistics = this.nodes.node(0).consistencyChecks().checkNow("products", 100);
		assertThat(statistics).isEqualTo(new ConsistencyStatistics("products", 0, 0, KEYS, 0, 0, 0));
		assertThat(checks("error")).isEqualTo(KEYS);
		assertThat(
				this.registries.get(0).get(SwrCacheMetrics.CONSISTENCY_DRIFT).tag("cache", "products").gauge().value())
			.isZero();
		for (SwrCache<String, String> cache : caches) {
			assertThat(cache.get("k0", (key) -> "unexpected load")).isEqualTo("old-0");
		}
		assertThat(caches.get(0).peek("k0").value()).isEqualTo("old-0");
	}

	@Test
	void passChecksAtMostTheGivenNumberAndKeepsTheRest() {
		start(false);
		ConsistencyStatistics statistics = this.nodes.node(0).consistencyChecks().checkNow("products", 3);
		assertThat(statistics.checks()).isEqualTo(3);
		assertThat(statistics.candidates()).isEqualTo(KEYS - 3);
		statistics = this.nodes.node(0).consistencyChecks().checkNow("products", 100);
		assertThat(statistics.matches()).isEqualTo(6);
		assertThat(statistics.drifts()).isEqualTo(4);
		assertThat(statistics.candidates()).isZero();
		// Node 1's candidates are its own, and unchecked.
		assertThat(statistics(1).candidates()).isEqualTo(KEYS);
		assertThat(statistics(1).checks()).isZero();
	}

	private String load(String key) {
		this.loads.incrementAndGet();
		if (this.sourceDown.get()) {
			throw new IllegalStateException("source down");
		}
		return this.source.get(key);
	}

	private ConsistencyStatistics statistics(int node) {
		return this.nodes.node(node).consistencyChecks().statistics("products");
	}

	private double checks(String result) {
		return this.registries.get(0)
			.get(SwrCacheMetrics.CONSISTENCY_CHECKS)
			.tag("cache", "products")
			.tag("result", result)
			.functionCounter()
			.count();
	}

}
