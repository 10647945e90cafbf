package io.github.swrcache.benchmarks;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.github.swrcache.core.CachePolicy;
import io.github.swrcache.core.Loader;
import io.github.swrcache.core.RemoteOptions;
import io.github.swrcache.core.SwrCache;
import io.github.swrcache.core.SwrCacheManager;
import io.github.swrcache.core.codec.JacksonValueCodec;
import io.github.swrcache.core.codec.ValueCodec;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
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
 * An L2 hit (in-process tier off, so every read is a Redis round trip, envelope decode
 * and Jackson decode) against raw Lettuce {@code GET} plus Jackson decode of the same
 * JSON, on one connection each, same run, same redis-server.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar RemoteHitBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(2)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RemoteHitBenchmark {

	private static final int KEYS = 1024;

	@Param({ "lettuce-get-decode", "swr-l2" })
	public String peer;

	private LocalRedis redis;

	private RedisClient client;

	private StatefulRedisConnection<byte[], byte[]> connection;

	private SwrCacheManager manager;

	private Reader reader;

	/** A typical cached record. */
	public record Product(long id, String name, String description, long priceCents) {
	}

	@Setup(Level.Trial)
	public void setUp() {
		this.redis = LocalRedis.start();
		this.client = RedisClient.create(this.redis.uri());
		ValueCodec<Product> codec = new JacksonValueCodec<>(JacksonValueCodec.defaultMapper(), Product.class);
		if ("lettuce-get-decode".equals(this.peer)) {
			this.connection = this.client.connect(ByteArrayCodec.INSTANCE);
			RedisCommands<byte[], byte[]> commands = this.connection.sync();
			byte[][] keys = new byte[KEYS][];
			for (int i = 0; i < KEYS; i++) {
				keys[i] = ("raw:" + i).getBytes();
				commands.set(keys[i], codec.encode(product(i)));
			}
			this.reader = (i) -> codec.decode(commands.get(keys[i]));
		}
		else {
			this.manager = SwrCacheManager.builder()
				.localMaxEntries(0)
				.remote(this.client, RemoteOptions.builder().keyPrefix("bench").build())
				.build();
			SwrCache<Integer, Product> cache = this.manager.cache("products", Product.class,
					CachePolicy.builder().ttl(Duration.ofHours(1)).build());
			for (int i = 0; i < KEYS; i++) {
				cache.put(i, product(i));
			}
			Loader<Integer, Product> loader = RemoteHitBenchmark::product;
			this.reader = (i) -> cache.get(i, loader);
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		if (this.manager != null) {
			this.manager.close();
		}
		if (this.connection != null) {
			this.connection.close();
		}
		this.client.shutdown();
		this.redis.close();
	}

	@Benchmark
	public Product read() {
		return this.reader.read(ThreadLocalRandom.current().nextInt(KEYS));
	}

	static Product product(int id) {
		return new Product(id, "product " + id, "a product with a description of typical length, number " + id,
				1000L + id);
	}

	private interface Reader {

		Product read(int key);

	}

}
