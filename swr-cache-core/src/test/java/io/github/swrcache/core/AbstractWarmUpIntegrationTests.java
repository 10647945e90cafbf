package io.github.swrcache.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.swrcache.core.warmup.WarmUpRunner;
import io.github.swrcache.core.warmup.WarmUpSchedule;
import io.github.swrcache.core.warmup.WarmUpState;
import io.github.swrcache.core.warmup.WarmUpStatus;
import io.lettuce.core.AbstractRedisClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Warm-up across instances on one real Redis, standalone or Cluster (the subclasses say
 * which): three managers warming the same keys at once load each key once in total.
 */
abstract class AbstractWarmUpIntegrationTests {

	static final int NODES = 3;

	static final int KEYS = 1_000;

	final FakeClock clock = new FakeClock();

	final CachePolicy policy = CachePolicy.builder().ttl(Duration.ofMinutes(10)).jitter(0).build();

	final ExecutorService threads = Executors.newFixedThreadPool(NODES);

	final List<WarmUpRunner> runners = new ArrayList<>();

	final String prefix = "w" + java.util.UUID.randomUUID().toString().substring(0, 8);

	Nodes nodes;

	abstract AbstractRedisClient client();

	/**
	 * Redis options for three instances loading a thousand keys at once on a small test
	 * machine: Redis calls there can take longer than the default 200 ms slow-call
	 * threshold, and a circuit opened for slowness would make each instance load on its
	 * own, which is right in production but not what this test is about.
	 */
	private RemoteOptions patientOptions() {
		CircuitBreakerSettings d = CircuitBreakerSettings.DEFAULTS;
		return RemoteOptions.builder()
			.keyPrefix(this.prefix)
			.clockSync(false)
			.lockWait(Duration.ofSeconds(10))
			.commandTimeout(Duration.ofSeconds(5))
			.circuitBreaker(new CircuitBreakerSettings(d.failureRateThreshold(), d.slowCallRateThreshold(),
					Duration.ofSeconds(5), d.slidingWindowSize(), d.minimumCalls(), d.waitInOpenState(),
					d.halfOpenCalls()))
			.build();
	}

	@AfterEach
	void close() {
		this.threads.shutdownNow();
		this.runners.forEach(WarmUpRunner::close);
		if (this.nodes != null) {
			try {
				assertThat(this.nodes.remoteErrors()).as("Redis errors counted by the caches").isZero();
			}
			finally {
				this.nodes.close();
			}
		}
	}

	@Test
	void threeInstancesWarmingTheSameKeysAtOnceLoadEachKeyOnceInTotal() throws Exception {
		this.nodes = new Nodes(NODES, client(), this.clock, (builder) -> builder.remote(client(), patientOptions()));
		List<SwrCache<String, String>> caches = this.nodes.caches("products", String.class, this.policy);
		Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();
		for (int i = 0; i < NODES; i++) {
			this.runners.add(WarmUpRunner.builder(this.nodes.node(i))
				.batchSize(100)
				.warmer(new WarmUpRunnerTests.TestWarmer(KEYS, WarmUpSchedule.none(), (keys) -> {
					Map<String, String> values = new HashMap<>();
					for (String key : keys) {
						loads.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
						values.put(key, "v-" + key);
					}
					return values;
				}))
				.build());
		}
		CountDownLatch start = new CountDownLatch(1);
		List<Future<WarmUpStatus>> passes = new ArrayList<>();
		for (WarmUpRunner runner : this.runners) {
			passes.add(this.threads.submit(() -> {
				start.await();
				return runner.run("products");
			}));
		}
		start.countDown();
		long loadedByNodes = 0;
		for (Future<WarmUpStatus> pass : passes) {
			WarmUpStatus status = pass.get(60, TimeUnit.SECONDS);
			assertThat(status.state()).isEqualTo(WarmUpState.COMPLETED);
			assertThat(status.done()).isEqualTo(KEYS);
			assertThat(status.total()).isEqualTo(KEYS);
			assertThat(status.errors()).isZero();
			assertThat(status.passes()).isOne();
			loadedByNodes += status.loaded();
		}
		assertThat(loads).hasSize(KEYS);
		assertThat(loads.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(KEYS);
		assertThat(loadedByNodes).isEqualTo(KEYS);
		for (SwrCache<String, String> cache : caches) {
			for (int i = 0; i < KEYS; i += 37) {
				assertThat(cache.get("k" + i, (key) -> "unexpected load")).isEqualTo("v-k" + i);
			}
		}
	}

}
