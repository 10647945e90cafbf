package io.github.swrcache.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.swrcache.core.BulkLoader;
import io.github.swrcache.core.CachePolicy;
import io.github.swrcache.core.Loader;
import io.github.swrcache.core.RemoteOptions;
import io.github.swrcache.core.SwrCache;
import io.github.swrcache.core.SwrCacheManager;
import io.lettuce.core.RedisClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading 100 keys that are in Redis (in-process tier off): one {@code getAll} (one
 * {@code MGET}) against 100 {@code get} calls (100 round trips), same run.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar BulkReadBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BulkReadBenchmark {

	private static final int KEYS = 100;

	private static final Loader<Integer, String> LOADER = (key) -> "v" + key;

	private static final BulkLoader<Integer, String> BULK_LOADER = (keys) -> {
		Map<Integer, String> values = new HashMap<>();
		keys.forEach((key) -> values.put(key, "v" + key));
		return values;
	};

	private LocalRedis redis;

	private RedisClient client;

	private SwrCacheManager manager;

	private SwrCache<Integer, String> cache;

	private List<Integer> keys;

	@Setup(Level.Trial)
	public void setUp() {
		this.redis = LocalRedis.start();
		this.client = RedisClient.create(this.redis.uri());
		this.manager = SwrCacheManager.builder()
			.localMaxEntries(0)
			.remote(this.client, RemoteOptions.builder().keyPrefix("bench").build())
			.build();
		this.cache = this.manager.cache("bulk", String.class, CachePolicy.builder().ttl(Duration.ofHours(1)).build());
		this.keys = new ArrayList<>();
		for (int i = 0; i < KEYS; i++) {
			this.keys.add(i);
			this.cache.put(i, "v" + i);
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.manager.close();
		this.client.shutdown();
		this.redis.close();
	}

	@Benchmark
	public Map<Integer, String> getAll100() {
		return this.cache.getAll(this.keys, BULK_LOADER);
	}

	@Benchmark
	public int get100() {
		int found = 0;
		for (Integer key : this.keys) {
			if (this.cache.get(key, LOADER) != null) {
				found++;
			}
		}
		return found;
	}

}
