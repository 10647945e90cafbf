package io.github.swrcache.benchmarks;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.swrcache.core.CachePolicy;
import io.github.swrcache.core.Loader;
import io.github.swrcache.core.SwrCache;
import io.github.swrcache.core.SwrCacheManager;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The L1 fresh-hit path against raw Caffeine {@code getIfPresent} on the same key set,
 * two threads, same run, over 1,024 and 16,384 keys. Every read hits a fresh entry.
 * {@code caffeine-stats} is raw Caffeine with {@code recordStats()}, what it takes to
 * count hits for {@code cache.gets} with Caffeine alone. {@code caffeine-wrapped} is raw
 * Caffeine whose values are small entry objects that the read dereferences: the floor of
 * any cache that checks a window kept in its entries. {@code caffeine-expiring} is raw
 * Caffeine with per-entry expiry, the other way to keep per-entry windows (swr-cache's L1
 * does not use it: see docs/BENCHMARKS.md).
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar LocalHitBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(2)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class LocalHitBenchmark {

	private static final int MAX_KEYS = 1 << 14;

	private static final Loader<Integer, Integer> LOADER = (key) -> key;

	@Param({ "caffeine", "caffeine-stats", "caffeine-wrapped", "caffeine-expiring", "swr-l1" })
	public String peer;

	/** Key set size: 1,024 keys fit the CPU caches, 16,384 do not. */
	@Param({ "1024", "16384" })
	public int keys;

	private Integer[] keySet;

	private Reader reader;

	private SwrCacheManager manager;

	@Setup(Level.Trial)
	public void setUp() {
		this.keySet = new Integer[this.keys];
		for (int i = 0; i < this.keys; i++) {
			this.keySet[i] = i;
		}
		if ("caffeine".equals(this.peer)) {
			Cache<Integer, Integer> cache = Caffeine.newBuilder().maximumSize(2 * MAX_KEYS).build();
			for (Integer key : this.keySet) {
				cache.put(key, key);
			}
			this.reader = new CaffeineReader(cache);
		}
		else if ("caffeine-stats".equals(this.peer)) {
			Cache<Integer, Integer> cache = Caffeine.newBuilder().maximumSize(2 * MAX_KEYS).recordStats().build();
			for (Integer key : this.keySet) {
				cache.put(key, key);
			}
			this.reader = new CaffeineReader(cache);
		}
		else if ("caffeine-wrapped".equals(this.peer)) {
			Cache<Integer, Wrapped> cache = Caffeine.newBuilder().maximumSize(2 * MAX_KEYS).build();
			for (Integer key : this.keySet) {
				cache.put(key, new Wrapped(key, Long.MAX_VALUE));
			}
			this.reader = new WrappedReader(cache);
		}
		else if ("caffeine-expiring".equals(this.peer)) {
			Cache<Integer, Integer> cache = Caffeine.newBuilder()
				.maximumSize(2 * MAX_KEYS)
				.expireAfter(Expiry.creating((Integer key, Integer value) -> Duration.ofHours(1)))
				.build();
			for (Integer key : this.keySet) {
				cache.put(key, key);
			}
			this.reader = new CaffeineReader(cache);
		}
		else {
			this.manager = SwrCacheManager.builder().localMaxEntries(2 * MAX_KEYS).build();
			SwrCache<Integer, Integer> cache = this.manager.cache("bench", Integer.class,
					CachePolicy.builder().ttl(Duration.ofHours(1)).build());
			for (Integer key : this.keySet) {
				cache.put(key, key);
			}
			this.reader = new SwrReader(cache);
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		if (this.manager != null) {
			this.manager.close();
		}
	}

	@Benchmark
	public Integer read(Cursor cursor) {
		return this.reader.read(this.keySet[cursor.next() & (this.keys - 1)]);
	}

	/**
	 * Each thread walks the key set from its own random start.
	 */
	@State(Scope.Thread)
	public static class Cursor {

		private int index = ThreadLocalRandom.current().nextInt(MAX_KEYS);

		int next() {
			return this.index++;
		}

	}

	private interface Reader {

		Integer read(Integer key);

	}

	private record CaffeineReader(Cache<Integer, Integer> cache) implements Reader {

		@Override
		public Integer read(Integer key) {
			return this.cache.getIfPresent(key);
		}

	}

	/**
	 * A value with its fresh window, as any cache keeps that checks a per-entry window
	 * outside Caffeine's own expiry.
	 */
	private record Wrapped(Integer value, long freshUntil) {

	}

	/**
	 * Raw Caffeine plus the one thing every per-entry window check needs: reading the
	 * entry the lookup returned. The floor for {@code swr-l1}.
	 */
	private record WrappedReader(Cache<Integer, Wrapped> cache) implements Reader {

		@Override
		public Integer read(Integer key) {
			Wrapped wrapped = this.cache.getIfPresent(key);
			return (wrapped != null) ? wrapped.value() : null;
		}

	}

	private record SwrReader(SwrCache<Integer, Integer> cache) implements Reader {

		@Override
		public Integer read(Integer key) {
			return this.cache.get(key, LOADER);
		}

	}

}
