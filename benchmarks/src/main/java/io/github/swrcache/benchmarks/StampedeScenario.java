package io.github.swrcache.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.github.swrcache.core.CachePolicy;
import io.github.swrcache.core.Loader;
import io.github.swrcache.core.RemoteOptions;
import io.github.swrcache.core.SwrCache;
import io.github.swrcache.core.SwrCacheManager;
import io.lettuce.core.RedisClient;

/**
 * Loads per expiry under a multi-node stampede: 4 nodes (cache managers with their own
 * in-process tier and Redis connections) x 50 threads read 100 hot keys for 10 s while
 * entries expire every 500 ms; the loader takes 50 ms. The peer in the same run is the
 * same 4 nodes without the shared tier (per-JVM single flight only, like Spring's
 * {@code @Cacheable(sync = true)}). A load is one "per expiry" when no other load of the
 * same key started less than a ttl before it.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar io.github.swrcache.benchmarks.StampedeScenario
 * </pre>
 */
public final class StampedeScenario {

	private static final int NODES = 4;

	private static final int THREADS_PER_NODE = 50;

	private static final int KEYS = 100;

	private static final Duration TTL = Duration.ofMillis(500);

	private static final Duration LOAD_TIME = Duration.ofMillis(50);

	private static final Duration RUN = Duration.ofSeconds(10);

	private StampedeScenario() {
	}

	public static void main(String[] args) throws Exception {
		try (LocalRedis redis = LocalRedis.start()) {
			RedisClient client = RedisClient.create(redis.uri());
			try {
				System.out.println(
						"| peer | reads | loads | loads per expiry | reads over 10 ms | p99 read (µs) | max read (ms) |");
				System.out.println("|---|---:|---:|---:|---:|---:|---:|");
				System.out.println(run("swr-cache L1+L2 (4 nodes, one Redis)", client));
				System.out.println(run("swr-cache L1 only (4 nodes, per-JVM single flight)", null));
			}
			finally {
				client.shutdown();
			}
		}
	}

	private static String run(String peer, RedisClient client) throws Exception {
		String prefix = "stampede" + ThreadLocalRandom.current().nextInt(1_000_000);
		CachePolicy policy = CachePolicy.builder()
			.ttl(TTL)
			.staleWhileRevalidate(Duration.ofSeconds(30))
			.jitter(0)
			.build();
		Map<Integer, List<Long>> loadStarts = new ConcurrentHashMap<>();
		Loader<Integer, String> loader = (key) -> {
			loadStarts.computeIfAbsent(key, (k) -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
			Thread.sleep(LOAD_TIME.toMillis());
			return "v" + key;
		};
		List<SwrCacheManager> nodes = new ArrayList<>();
		List<SwrCache<Integer, String>> caches = new ArrayList<>();
		for (int i = 0; i < NODES; i++) {
			SwrCacheManager.Builder builder = SwrCacheManager.builder().nodeId("node-" + i);
			if (client != null) {
				builder.remote(client, RemoteOptions.builder().keyPrefix(prefix).build());
			}
			SwrCacheManager manager = builder.build();
			nodes.add(manager);
			caches.add(manager.cache("hot", String.class, policy));
		}
		LongAdder reads = new LongAdder();
		LongAdder slowReads = new LongAdder();
		AtomicLong maxNanos = new AtomicLong();
		long[] histogram = new long[10_000];
		ExecutorService threads = Executors.newFixedThreadPool(NODES * THREADS_PER_NODE);
		CountDownLatch start = new CountDownLatch(1);
		long end = System.nanoTime() + RUN.toNanos();
		for (SwrCache<Integer, String> cache : caches) {
			for (int t = 0; t < THREADS_PER_NODE; t++) {
				threads.execute(() -> {
					try {
						start.await();
						while (System.nanoTime() < end) {
							long began = System.nanoTime();
							cache.get(ThreadLocalRandom.current().nextInt(KEYS), loader);
							long nanos = System.nanoTime() - began;
							reads.increment();
							if (nanos > TimeUnit.MILLISECONDS.toNanos(10)) {
								slowReads.increment();
							}
							maxNanos.accumulateAndGet(nanos, Math::max);
							int bucket = (int) Math.min(histogram.length - 1, nanos / 10_000);
							synchronized (histogram) {
								histogram[bucket]++;
							}
						}
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				});
			}
		}
		start.countDown();
		threads.shutdown();
		threads.awaitTermination(RUN.toSeconds() + 30, TimeUnit.SECONDS);
		nodes.forEach(SwrCacheManager::close);
		long loads = 0;
		long expiries = 0;
		for (List<Long> starts : loadStarts.values()) {
			List<Long> sorted = new ArrayList<>(starts);
			sorted.sort(null);
			loads += sorted.size();
			Long windowStart = null;
			for (long started : sorted) {
				if (windowStart == null || started - windowStart >= TTL.toNanos()) {
					expiries++;
					windowStart = started;
				}
			}
		}
		return "| " + peer + " | " + reads.sum() + " | " + loads + " | "
				+ String.format("%.2f", (double) loads / expiries) + " | " + slowReads.sum() + " | "
				+ (percentile(histogram, 0.99) * 10) + " | " + TimeUnit.NANOSECONDS.toMillis(maxNanos.get()) + " |";
	}

	private static long percentile(long[] histogram, double quantile) {
		long total = 0;
		for (long count : histogram) {
			total += count;
		}
		long rank = (long) Math.ceil(total * quantile);
		long seen = 0;
		for (int i = 0; i < histogram.length; i++) {
			seen += histogram[i];
			if (seen >= rank) {
				return i;
			}
		}
		return histogram.length - 1;
	}

}
