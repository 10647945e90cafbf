package io.github.swrcache.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.github.swrcache.core.CachePolicy;
import io.github.swrcache.core.CircuitBreakerSettings;
import io.github.swrcache.core.Loader;
import io.github.swrcache.core.RemoteOptions;
import io.github.swrcache.core.SwrCache;
import io.github.swrcache.core.SwrCacheManager;
import io.lettuce.core.RedisClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;

/**
 * A Redis outage under load: 2 nodes x 20 threads read 2,000 keys (ttl 1 s, so the shared
 * tier is in constant use) with a 5 ms loader; Redis is killed after 4 s and restarted 5
 * s later. Per phase: caller errors, latency percentiles, and the time from the restart
 * until the circuit is closed again. The peer in the same run is the same setup with a
 * circuit breaker that never opens, so every Redis call during the outage waits for the
 * command timeout.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar io.github.swrcache.benchmarks.OutageScenario
 * </pre>
 */
public final class OutageScenario {

	private static final int NODES = 2;

	private static final int THREADS_PER_NODE = 20;

	private static final int KEYS = 2_000;

	private static final CircuitBreakerSettings NEVER_OPENS = new CircuitBreakerSettings(100, 100,
			Duration.ofMinutes(1), 1_000_000, 1_000_000, Duration.ofSeconds(1), 1);

	private OutageScenario() {
	}

	public static void main(String[] args) throws Exception {
		System.out.println("| peer | phase | reads | caller errors | p50 (ms) | p99 (ms) | max (ms) |");
		System.out.println("|---|---|---:|---:|---:|---:|---:|");
		run("swr-cache (circuit breaker, defaults)", CircuitBreakerSettings.DEFAULTS);
		run("swr-cache, circuit never opens", NEVER_OPENS);
	}

	private static void run(String peer, CircuitBreakerSettings circuit) throws Exception {
		ClientResources resources = DefaultClientResources.builder()
			.reconnectDelay(Delay.constant(Duration.ofMillis(200)))
			.build();
		try (LocalRedis redis = LocalRedis.start()) {
			RedisClient client = RedisClient.create(resources, redis.uri());
			List<SwrCacheManager> nodes = new ArrayList<>();
			List<SwrCache<Integer, String>> caches = new ArrayList<>();
			CachePolicy policy = CachePolicy.builder()
				.ttl(Duration.ofSeconds(1))
				.staleWhileRevalidate(Duration.ofSeconds(1))
				.build();
			for (int i = 0; i < NODES; i++) {
				SwrCacheManager manager = SwrCacheManager.builder()
					.nodeId("node-" + i)
					.remote(client, RemoteOptions.builder().keyPrefix("outage").circuitBreaker(circuit).build())
					.build();
				nodes.add(manager);
				caches.add(manager.cache("c", String.class, policy));
			}
			Loader<Integer, String> loader = (key) -> {
				Thread.sleep(5);
				return "v" + key;
			};
			Phase before = new Phase("before");
			Phase outage = new Phase("outage (5 s)");
			Phase after = new Phase("after restart");
			Phase[] current = { before };
			ExecutorService threads = Executors.newFixedThreadPool(NODES * THREADS_PER_NODE);
			CountDownLatch done = new CountDownLatch(NODES * THREADS_PER_NODE);
			long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(16);
			for (SwrCache<Integer, String> cache : caches) {
				for (int t = 0; t < THREADS_PER_NODE; t++) {
					threads.execute(() -> {
						while (System.nanoTime() < end) {
							Phase phase = current[0];
							long start = System.nanoTime();
							try {
								cache.get(ThreadLocalRandom.current().nextInt(KEYS), loader);
								phase.record(System.nanoTime() - start, false);
							}
							catch (RuntimeException ex) {
								phase.record(System.nanoTime() - start, true);
							}
						}
						done.countDown();
					});
				}
			}
			Thread.sleep(4_000);
			current[0] = outage;
			redis.kill();
			Thread.sleep(5_000);
			redis.restart();
			long restarted = System.nanoTime();
			current[0] = after;
			while (!"CLOSED".equals(nodes.get(0).remoteStatus().circuitState())
					|| !nodes.get(0).remoteStatus().connected()) {
				Thread.sleep(10);
			}
			long resumedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted);
			done.await();
			threads.shutdown();
			System.out.println(before.row(peer));
			System.out.println(outage.row(peer));
			System.out.println(after.row(peer) + " (circuit closed " + resumedMillis + " ms after the restart)");
			if (Boolean.getBoolean("swr.bench.verbose")) {
				caches.forEach((cache) -> System.out.println(cache.statistics()));
			}
			nodes.forEach(SwrCacheManager::close);
			client.shutdown();
		}
		finally {
			resources.shutdown();
		}
	}

	/**
	 * Reads and their latencies in one phase, in 0.1 ms buckets.
	 */
	private static final class Phase {

		private final String name;

		private final long[] buckets = new long[100_000];

		private final LongAdder errors = new LongAdder();

		private final AtomicLong max = new AtomicLong();

		Phase(String name) {
			this.name = name;
		}

		void record(long nanos, boolean failed) {
			if (failed) {
				this.errors.increment();
			}
			this.max.accumulateAndGet(nanos, Math::max);
			int bucket = (int) Math.min(this.buckets.length - 1, nanos / 100_000);
			synchronized (this.buckets) {
				this.buckets[bucket]++;
			}
		}

		String row(String peer) {
			long total;
			synchronized (this.buckets) {
				total = 0;
				for (long count : this.buckets) {
					total += count;
				}
			}
			return "| " + peer + " | " + this.name + " | " + total + " | " + this.errors.sum() + " | "
					+ percentile(total, 0.50) + " | " + percentile(total, 0.99) + " | "
					+ String.format("%.1f", this.max.get() / 1e6) + " |";
		}

		private String percentile(long total, double quantile) {
			long rank = (long) Math.ceil(total * quantile);
			long seen = 0;
			synchronized (this.buckets) {
				for (int i = 0; i < this.buckets.length; i++) {
					seen += this.buckets[i];
					if (seen >= rank) {
						return String.format("%.1f", i / 10.0);
					}
				}
			}
			return "n/a";
		}

	}

}
