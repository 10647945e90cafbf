package io.github.swrcache.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import io.github.swrcache.core.testsupport.RedisEndpoint;
import io.github.swrcache.core.testsupport.RedisExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The Redis tier's storage and lock rules on a real Redis: key layout, envelope size and
 * compression, Redis TTLs, lease renewal, the lock wait and what follows it, the server
 * clock.
 */
@ExtendWith(RedisExtension.class)
class RedisTierIntegrationTests {

	private static RedisClient client;

	private static StatefulRedisConnection<byte[], byte[]> raw;

	private final FakeClock clock = new FakeClock();

	private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);

	private final CachePolicy policy = CachePolicy.builder()
		.ttl(Duration.ofSeconds(10))
		.staleWhileRevalidate(Duration.ofSeconds(20))
		.staleIfError(Duration.ofSeconds(30))
		.jitter(0)
		.build();

	private final List<SwrCacheManager> managers = new ArrayList<>();

	private final ExecutorService threads = Executors.newCachedThreadPool();

	@BeforeAll
	static void connect(RedisEndpoint redis) {
		client = RedisClient.create(redis.uri());
		raw = client.connect(ByteArrayCodec.INSTANCE);
	}

	@AfterAll
	static void disconnect() {
		raw.close();
		client.shutdown();
	}

	@AfterEach
	void close() {
		this.threads.shutdownNow();
		this.managers.forEach(SwrCacheManager::close);
	}

	private SwrCacheManager node(UnaryOperator<RemoteOptions.Builder> options) {
		return node(options, UnaryOperator.identity());
	}

	private SwrCacheManager node(UnaryOperator<RemoteOptions.Builder> options,
			UnaryOperator<SwrCacheManager.Builder> manager) {
		RemoteOptions remote = options.apply(RemoteOptions.builder().keyPrefix(this.prefix).clockSync(false)).build();
		SwrCacheManager built = manager.apply(
				SwrCacheManager.builder().nodeId("n" + this.managers.size()).clock(this.clock).remote(client, remote))
			.build();
		this.managers.add(built);
		return built;
	}

	private RedisCommands<byte[], byte[]> redis() {
		return raw.sync();
	}

	private byte[] key(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void entryIsStoredUnderTheNamespacedKeyWithTheRedisTtlOfItsLastWindow() {
		SwrCache<String, String> cache = node(UnaryOperator.identity()).cache("products", String.class, this.policy);
		cache.put("42", "pen");
		byte[] dataKey = key(this.prefix + ":products:1:{42}");
		byte[] stored = redis().get(dataKey);
		assertThat(stored).isNotNull();
		assertThat(new String(stored, StandardCharsets.ISO_8859_1)).startsWith("1").endsWith("pen");
		assertThat(redis().pttl(dataKey)).isBetween(59_000L, 60_000L);
	}

	@Test
	void overLongKeysAreHashedKeepingAReadablePrefix() {
		SwrCache<String, String> cache = node(UnaryOperator.identity()).cache("products", String.class, this.policy);
		String longKey = "x".repeat(500);
		cache.put(longKey, "v");
		List<byte[]> keys = redis().keys(this.prefix + ":products:1:*");
		assertThat(keys).hasSize(1);
		String stored = new String(keys.get(0), StandardCharsets.UTF_8);
		assertThat(stored).startsWith(this.prefix + ":products:1:{" + "x".repeat(64) + "#")
			.hasSize((this.prefix + ":products:1:{").length() + 64 + 1 + 64 + 1);
		SwrCache<String, String> other = node(UnaryOperator.identity()).cache("products", String.class, this.policy);
		assertThat(other.get(longKey, (key) -> "unexpected load")).isEqualTo("v");
	}

	@Test
	void valuesLargerThanMaxValueSizeStayInProcess() {
		SwrCache<String, String> cache = node((options) -> options.maxValueSize(100)).cache("products", String.class,
				this.policy);
		AtomicInteger loads = new AtomicInteger();
		String big = "b".repeat(200);
		assertThat(cache.get("big", (key) -> {
			loads.incrementAndGet();
			return big;
		})).isEqualTo(big);
		assertThat(cache.get("big", (key) -> "unexpected load")).isEqualTo(big);
		assertThat(redis().get(key(this.prefix + ":products:1:{big}"))).isNull();
		assertThat(redis().exists(key(this.prefix + ":products:1:{big}:lock"))).isZero();
		assertThat(cache.statistics().oversizeValues()).isEqualTo(1);
		assertThat(cache.get("small", (key) -> "s")).isEqualTo("s");
		assertThat(redis().get(key(this.prefix + ":products:1:{small}"))).isNotNull();
	}

	@Test
	void payloadsFromTheThresholdOnAreCompressedAndReadBack() {
		SwrCache<String, String> writer = node((options) -> options.compressionThreshold(1024)).cache("products",
				String.class, this.policy);
		String text = "compressible ".repeat(1000);
		writer.put("k", text);
		byte[] stored = redis().get(key(this.prefix + ":products:1:{k}"));
		assertThat(stored.length).isLessThan(text.length() / 10);
		SwrCache<String, String> reader = node(UnaryOperator.identity()).cache("products", String.class, this.policy);
		assertThat(reader.get("k", (key) -> "unexpected load")).isEqualTo(text);
	}

	@Test
	void loadSlowerThanHalfTheLeaseRenewsTheLockSoNoOtherNodeLoads() throws Exception {
		UnaryOperator<RemoteOptions.Builder> shortLease = (options) -> options.lockLease(Duration.ofMillis(400))
			.lockWait(Duration.ofSeconds(5));
		SwrCache<String, String> first = node(shortLease).cache("products", String.class, this.policy);
		SwrCache<String, String> second = node(shortLease).cache("products", String.class, this.policy);
		AtomicInteger loads = new AtomicInteger();
		CountDownLatch loading = new CountDownLatch(1);
		Future<String> slow = this.threads.submit(() -> first.get("k", (key) -> {
			loads.incrementAndGet();
			loading.countDown();
			Thread.sleep(1_500);
			return "slow";
		}));
		assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
		Thread.sleep(800);
		// Twice the lease has passed: only the renewals keep the lock.
		assertThat(redis().exists(key(this.prefix + ":products:1:{k}:lock"))).isEqualTo(1);
		assertThat(second.get("k", (key) -> {
			loads.incrementAndGet();
			return "second";
		})).isEqualTo("slow");
		assertThat(slow.get(5, TimeUnit.SECONDS)).isEqualTo("slow");
		assertThat(loads).hasValue(1);
		assertThat(redis().exists(key(this.prefix + ":products:1:{k}:lock"))).isZero();
	}

	@Test
	void waiterIsWokenByTheBusWellBeforeItsPollingFallback() throws Exception {
		UnaryOperator<RemoteOptions.Builder> longWait = (options) -> options.lockWait(Duration.ofSeconds(20));
		SwrCache<String, String> holder = node(longWait).cache("products", String.class, this.policy);
		SwrCache<String, String> waiter = node(longWait).cache("products", String.class, this.policy);
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Future<String> held = this.threads.submit(() -> holder.get("k", (key) -> {
			loading.countDown();
			release.await();
			return "v";
		}));
		assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
		Future<Long> waited = this.threads.submit(() -> {
			waiter.get("k", (key) -> "unexpected load");
			return System.nanoTime();
		});
		Thread.sleep(300);
		long released = System.nanoTime();
		release.countDown();
		assertThat(held.get(5, TimeUnit.SECONDS)).isEqualTo("v");
		long wokenAfterMillis = TimeUnit.NANOSECONDS.toMillis(waited.get(5, TimeUnit.SECONDS) - released);
		// The polling fallback of a 20 s wait runs every 100 ms; the bus wakes at once.
		assertThat(wokenAfterMillis).isLessThan(90);
		assertThat(waiter.statistics().remoteHits()).isEqualTo(1);
		assertThat(waiter.statistics().locksContended()).isEqualTo(1);
	}

	@Test
	void lockWaitTimeoutLoadsAnywayByDefaultAndFailsWhenConfigured() throws Exception {
		SwrCache<String, String> holder = node(UnaryOperator.identity()).cache("products", String.class, this.policy);
		SwrCache<String, String> loadAnyway = node((options) -> options.lockWait(Duration.ofMillis(200)))
			.cache("products", String.class, this.policy);
		SwrCache<String, String> fail = node(
				(options) -> options.lockWait(Duration.ofMillis(200)).onLockTimeout(OnLockTimeout.FAIL))
			.cache("products", String.class, this.policy);
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Future<String> held = this.threads.submit(() -> holder.get("k", (key) -> {
			loading.countDown();
			release.await();
			return "holder";
		}));
		assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
		try {
			assertThat(loadAnyway.get("k", (key) -> "anyway")).isEqualTo("anyway");
			assertThat(loadAnyway.statistics().lockWaitTimeouts()).isEqualTo(1);
			assertThatExceptionOfType(SwrLoadException.class).isThrownBy(() -> fail.get("k", (key) -> "never"))
				.havingCause()
				.isInstanceOf(java.util.concurrent.TimeoutException.class);
			// the value loaded anyway was not written over the holder's lock
			assertThat(redis().get(key(this.prefix + ":products:1:{k}"))).isNull();
		}
		finally {
			release.countDown();
		}
		assertThat(held.get(5, TimeUnit.SECONDS)).isEqualTo("holder");
		assertThat(fail.get("k", (key) -> "never")).isEqualTo("holder");
	}

	@Test
	void withoutTheInProcessTierEveryReadGoesToRedis() {
		SwrCache<String, String> cache = node(UnaryOperator.identity(), (builder) -> builder.localMaxEntries(0))
			.cache("products", String.class, this.policy);
		AtomicInteger loads = new AtomicInteger();
		for (int i = 0; i < 5; i++) {
			assertThat(cache.get("k", (key) -> "v" + loads.incrementAndGet())).isEqualTo("v1");
		}
		assertThat(loads).hasValue(1);
		assertThat(cache.statistics().remoteHits()).isEqualTo(4);
		assertThat(cache.statistics().localHits()).isZero();
		assertThat(cache.peek("k").tier()).isEqualTo(CacheTier.REMOTE);
	}

	@Test
	void timesAreTakenOnTheRedisServerClock() {
		// This node's clock is a day behind; with clock sync its entries carry server
		// time.
		FakeClock behind = new FakeClock();
		SwrCacheManager synced = SwrCacheManager.builder()
			.clock(behind)
			.remote(client, RemoteOptions.builder().keyPrefix(this.prefix).build())
			.build();
		this.managers.add(synced);
		List<byte[]> time = redis().time();
		long serverMillis = Long.parseLong(new String(time.get(0), StandardCharsets.US_ASCII)) * 1000;
		SwrCache<String, String> cache = synced.cache("products", String.class, this.policy);
		cache.put("k", "v");
		Instant createdAt = cache.peek("k").createdAt();
		assertThat(Math.abs(createdAt.toEpochMilli() - serverMillis)).isLessThan(5_000);
		assertThat(Math.abs(behind.millis() - serverMillis)).isGreaterThan(1_000_000);
	}

	@Test
	void getAllOfKeysInRedisIsOneMgetAndOfMissingKeysOneBulkLoad() {
		SwrCache<Integer, String> cache = node(UnaryOperator.identity(), (builder) -> builder.localMaxEntries(0))
			.cache("bulk", String.class, this.policy);
		List<Integer> warm = new ArrayList<>();
		List<Integer> cold = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			warm.add(i);
			cold.add(1000 + i);
			cache.put(i, "v" + i);
		}
		List<java.util.Set<Integer>> bulkCalls = new java.util.concurrent.CopyOnWriteArrayList<>();
		BulkLoader<Integer, String> loader = (keys) -> {
			bulkCalls.add(java.util.Set.copyOf(keys));
			java.util.Map<Integer, String> values = new java.util.HashMap<>();
			keys.forEach((key) -> values.put(key, "v" + key));
			return values;
		};
		redis().configResetstat();
		assertThat(cache.getAll(warm, loader)).hasSize(100);
		assertThat(commandCalls()).containsOnly(java.util.Map.entry("mget", 1L));
		assertThat(bulkCalls).isEmpty();
		redis().configResetstat();
		assertThat(cache.getAll(cold, loader)).hasSize(100);
		assertThat(bulkCalls).hasSize(1);
		assertThat(bulkCalls.get(0)).hasSize(100);
		// one MGET, then 100 lock attempts and 100 fenced writes, each batch pipelined
		// (Redis also counts the GET/SET/DEL the scripts run)
		assertThat(commandCalls()).containsEntry("mget", 1L).containsEntry("eval", 200L);
	}

	private java.util.Map<String, Long> commandCalls() {
		java.util.Map<String, Long> calls = new java.util.TreeMap<>();
		for (String line : redis().info("commandstats").split("\\r?\\n")) {
			if (line.startsWith("cmdstat_") && !line.startsWith("cmdstat_info") && !line.startsWith("cmdstat_config")) {
				String name = line.substring("cmdstat_".length(), line.indexOf(':'));
				String count = line.substring(line.indexOf("calls=") + 6, line.indexOf(',', line.indexOf("calls=")));
				calls.put(name, Long.parseLong(count));
			}
		}
		return calls;
	}

	@Test
	void inProcessTierKeepsASharedEntryNoLongerThanLocalMaxTtl() {
		SwrCache<String, String> cache = node(UnaryOperator.identity(),
				(builder) -> builder.localMaxTtl(Duration.ofSeconds(5)))
			.cache("products", String.class, this.policy);
		cache.put("k", "v");
		assertThat(cache.peek("k").tier()).isEqualTo(CacheTier.LOCAL);
		this.clock.advance(Duration.ofMillis(4_999));
		assertThat(cache.peek("k").tier()).isEqualTo(CacheTier.LOCAL);
		this.clock.advance(Duration.ofMillis(1));
		// still fresh (ttl 10 s), but the in-process copy is past local.max-ttl: it comes
		// from Redis again, so a lost invalidation message is bounded by 5 s
		assertThat(cache.peek("k").tier()).isEqualTo(CacheTier.REMOTE);
		assertThat(cache.get("k", (key) -> "unexpected load")).isEqualTo("v");
		assertThat(cache.statistics().remoteHits()).isEqualTo(1);
		assertThat(cache.peek("k").tier()).isEqualTo(CacheTier.LOCAL);
	}

	@Test
	void valueTheSourceNoLongerHasIsRemovedFromRedisAndFromOtherNodes() {
		SwrCache<String, String> first = node(UnaryOperator.identity()).cache("products", String.class, this.policy);
		SwrCache<String, String> second = node(UnaryOperator.identity()).cache("products", String.class, this.policy);
		first.put("k", "old");
		assertThat(second.get("k", (key) -> "unexpected load")).isEqualTo("old");
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(first.get("k", (key) -> null)).isNull();
		assertThat(redis().get(key(this.prefix + ":products:1:{k}"))).isNull();
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofMillis(500))
			.untilAsserted(() -> assertThat(second.peek("k").state()).isEqualTo(EntryState.ABSENT));
		AtomicInteger loads = new AtomicInteger();
		assertThat(second.get("k", (key) -> "reloaded" + loads.incrementAndGet())).isEqualTo("reloaded1");
	}

	@Test
	void cacheNamesAndPrefixesThatWouldBreakTheKeyLayoutAreRejected() {
		SwrCacheManager manager = node(UnaryOperator.identity());
		assertThatIllegalArgumentException().isThrownBy(() -> manager.cache("pro{ducts", String.class, this.policy))
			.withMessageContaining("cache name must be non-blank and contain no '{', '}'")
			.withMessageContaining("'pro{ducts'");
		assertThatIllegalArgumentException().isThrownBy(() -> RemoteOptions.builder().keyPrefix("a|b"))
			.withMessage("keyPrefix must be non-blank and contain no '{', '}' or '|', was 'a|b'");
	}

}
