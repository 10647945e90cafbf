package io.github.swrcache.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * {@code invalidateMatching} on a real Redis, standalone or Cluster (the subclasses say
 * which): two nodes share cache "a" and "b" under one key prefix, a third node uses the
 * same cache name under another prefix, and every test counts the keys of each namespace
 * with {@code SCAN} on every server.
 */
abstract class AbstractPatternInvalidationIntegrationTests {

	static final List<String> IDS = IntStream.range(0, 1000).mapToObj((i) -> "user:" + i).toList();

	final FakeClock clock = new FakeClock();

	final CachePolicy policy = CachePolicy.builder()
		.ttl(Duration.ofMinutes(10))
		.staleWhileRevalidate(Duration.ofMinutes(20))
		.staleIfError(Duration.ofMinutes(30))
		.jitter(0)
		.build();

	final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);

	final String otherPrefix = "t" + UUID.randomUUID().toString().substring(0, 8);

	final List<SwrCacheManager> managers = new ArrayList<>();

	/** Cache "a" on node 0 and node 1. */
	List<SwrCache<String, String>> a;

	/** Cache "b" on node 0. */
	SwrCache<String, String> b;

	/** Cache "a" under the other prefix. */
	SwrCache<String, String> otherA;

	/**
	 * The client the managers are given.
	 * @return the client
	 */
	abstract AbstractRedisClient client();

	/**
	 * Commands to each server that holds keys, not routed: the one standalone server, or
	 * each master of a Cluster.
	 * @return the servers' commands
	 */
	abstract List<RedisCommands<byte[], byte[]>> servers();

	/**
	 * Commands routed by key.
	 * @return the commands
	 */
	abstract RedisClusterCommands<byte[], byte[]> routed();

	@BeforeEach
	void start() {
		SwrCacheManager first = manager("node-0", this.prefix);
		SwrCacheManager second = manager("node-1", this.prefix);
		SwrCacheManager other = manager("node-2", this.otherPrefix);
		this.a = List.of(first.cache("a", String.class, this.policy), second.cache("a", String.class, this.policy));
		this.b = first.cache("b", String.class, this.policy);
		this.otherA = other.cache("a", String.class, this.policy);
	}

	@AfterEach
	void close() {
		try {
			long errors = Stream.of(this.a.get(0), this.a.get(1), this.b, this.otherA)
				.mapToLong((cache) -> cache.statistics().remoteErrors())
				.sum();
			assertThat(errors).as("Redis errors counted").isZero();
		}
		finally {
			this.managers.forEach(SwrCacheManager::close);
		}
	}

	/**
	 * A node; its command timeout and slow-call threshold allow for a 2-core machine busy
	 * with other builds.
	 */
	private SwrCacheManager manager(String nodeId, String keyPrefix) {
		SwrCacheManager manager = SwrCacheManager.builder()
			.nodeId(nodeId)
			.clock(this.clock)
			.remote(client(), RemoteOptions.builder()
				.keyPrefix(keyPrefix)
				.clockSync(false)
				.commandTimeout(Duration.ofSeconds(2))
				.circuitBreaker(new CircuitBreakerSettings(CircuitBreakerSettings.DEFAULT_FAILURE_RATE_THRESHOLD,
						CircuitBreakerSettings.DEFAULT_SLOW_CALL_RATE_THRESHOLD, Duration.ofSeconds(2),
						CircuitBreakerSettings.DEFAULT_SLIDING_WINDOW_SIZE,
						CircuitBreakerSettings.DEFAULT_MINIMUM_CALLS, CircuitBreakerSettings.DEFAULT_WAIT_IN_OPEN_STATE,
						CircuitBreakerSettings.DEFAULT_HALF_OPEN_CALLS))
				.lockWait(Duration.ofSeconds(5))
				.build())
			.build();
		this.managers.add(manager);
		return manager;
	}

	@Test
	void deletesExactlyTheMatchingEntriesOfOneCacheWithScanOnEveryServerAndNeverKeys() {
		fill(IDS);
		List<String> expectedLeft = IDS.stream().filter((id) -> !id.startsWith("user:1")).toList();
		servers().forEach(RedisCommands::configResetstat);

		PatternInvalidation result = this.a.get(0).invalidateMatching("user:1*");

		// Every server was scanned, none was asked for KEYS.
		for (RedisCommands<byte[], byte[]> server : servers()) {
			String stats = server.info("commandstats");
			assertThat(stats).contains("cmdstat_scan:calls=").doesNotContain("cmdstat_keys");
		}
		assertThat(result.cache()).isEqualTo("a");
		assertThat(result.glob()).isEqualTo("user:1*");
		assertThat(result.deleted()).isEqualTo(IDS.size() - expectedLeft.size()).isEqualTo(111);
		assertThat(result.scanned()).isEqualTo(111);
		assertThat(result.servers()).isEqualTo(servers().size());
		assertThat(result.batches()).isGreaterThanOrEqualTo(servers().size());
		assertThat(namespace(this.prefix, "a"))
			.containsExactlyInAnyOrderElementsOf(dataKeys(this.prefix, "a", expectedLeft));
		assertThat(namespace(this.prefix, "b")).containsExactlyInAnyOrderElementsOf(dataKeys(this.prefix, "b", IDS));
		assertThat(namespace(this.otherPrefix, "a"))
			.containsExactlyInAnyOrderElementsOf(dataKeys(this.otherPrefix, "a", IDS));
		assertThat(this.a.get(0).statistics().evictions()).isEqualTo(111);
	}

	@Test
	void anotherNodesInProcessTierNoLongerServesADeletedKey() {
		fill(List.of("user:10", "user:20"));
		SwrCache<String, String> second = this.a.get(1);
		second.get("user:10", (key) -> "unexpected load");
		second.get("user:20", (key) -> "unexpected load");
		assertThat(second.peek("user:10").tier()).isEqualTo(CacheTier.LOCAL);
		assertThat(second.peek("user:20").tier()).isEqualTo(CacheTier.LOCAL);

		assertThat(this.a.get(0).invalidateMatching("user:1*").deleted()).isEqualTo(1);

		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(second.peek("user:10").state()).isEqualTo(EntryState.ABSENT));
		// The whole in-process tier of the cache was flushed; Redis still has the rest.
		assertThat(second.peek("user:20").tier()).isEqualTo(CacheTier.REMOTE);
		assertThat(second.get("user:10", (key) -> "reloaded")).isEqualTo("reloaded");
		assertThat(second.get("user:20", (key) -> "unexpected load")).isEqualTo("a-user:20");
	}

	@Test
	void loadInProgressForAMatchingKeyLosesItsLockAndDoesNotWriteBack() throws Exception {
		SwrCache<String, String> second = this.a.get(1);
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> second.get("user:1x", (key) -> {
			loading.countDown();
			release.await();
			return "loaded before the invalidation";
		}));
		assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
		String data = dataKey(this.prefix, "a", "user:1x");
		assertThat(count(data + ":lock")).isEqualTo(1);

		PatternInvalidation result = this.a.get(0).invalidateMatching("user:1*");

		assertThat(result.deleted()).isZero();
		assertThat(result.scanned()).isEqualTo(1);
		assertThat(count(data + ":lock")).isZero();
		release.countDown();
		assertThat(slow.get(5, TimeUnit.SECONDS)).isEqualTo("loaded before the invalidation");
		assertThat(count(data)).isZero();
		assertThat(this.a.get(0).get("user:1x", (key) -> "fresh")).isEqualTo("fresh");
	}

	@Test
	void hostileGlobsStayInsideTheCacheOrAreRejected() {
		List<String> ids = List.of("a}b", "}x", "\\y", "plain", "", "x}:lock", "{z}");
		fill(ids);
		this.a.get(0).invalidateTag("tenant:7");
		String tagMarks = this.prefix + ":a:1:__tags";
		for (String glob : new String[] { "", "  ", "\\", "[", "*[k", "user:\\", "a".repeat(300) }) {
			assertThatIllegalArgumentException().as("glob '%s'", glob)
				.isThrownBy(() -> this.a.get(0).invalidateMatching(glob))
				.withMessageStartingWith("glob must");
		}
		assertThat(namespace(this.prefix, "a")).hasSize(ids.size());

		// Key ids behind a backslash in Redis ("}x", "\y", "") are found too.
		assertThat(this.a.get(0).invalidateMatching("?x").deleted()).isEqualTo(1);
		assertThat(this.a.get(0).invalidateMatching("\\\\*").deleted()).isEqualTo(1);
		assertThat(this.a.get(0).invalidateMatching("*}*").deleted()).isEqualTo(3);
		assertThat(namespace(this.prefix, "a"))
			.containsExactlyInAnyOrderElementsOf(dataKeys(this.prefix, "a", List.of("plain", "")));
		assertThat(this.a.get(0).invalidateMatching("*").deleted()).isEqualTo(2);

		assertThat(namespace(this.prefix, "a")).isEmpty();
		assertThat(count(tagMarks)).as("the cache's tag marks").isEqualTo(1);
		assertThat(namespace(this.prefix, "b")).containsExactlyInAnyOrderElementsOf(dataKeys(this.prefix, "b", ids));
		assertThat(namespace(this.otherPrefix, "a"))
			.containsExactlyInAnyOrderElementsOf(dataKeys(this.otherPrefix, "a", ids));
	}

	@Test
	void longKeysMatchByTheirHashedForm() {
		String longKey = "user:1" + "x".repeat(300);
		fill(List.of(longKey));
		assertThat(this.a.get(0).invalidateMatching("*x").deleted()).isZero();
		assertThat(this.a.get(0).invalidateMatching("user:1x*#*").deleted()).isEqualTo(1);
		assertThat(namespace(this.prefix, "a")).isEmpty();
	}

	/**
	 * Writes every id to cache "a" and "b" of this prefix and cache "a" of the other,
	 * with bulk loads of 100 keys: small enough pipelines for the command timeout on a
	 * busy machine.
	 */
	void fill(List<String> ids) {
		for (SwrCache<String, String> cache : List.of(this.a.get(0), this.b, this.otherA)) {
			for (int from = 0; from < ids.size(); from += 100) {
				List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 100));
				Map<String, String> read = cache.getAll(chunk, (missing) -> {
					Map<String, String> values = new HashMap<>();
					missing.forEach((id) -> values.put(id, cache.name() + "-" + id));
					return values;
				});
				assertThat(read).hasSize(chunk.size());
			}
		}
	}

	/**
	 * The keys of one cache's values, locks and flags, by {@code SCAN} on every server.
	 */
	Set<String> namespace(String keyPrefix, String cache) {
		return scan(keyPrefix + ":" + cache + ":1:{*");
	}

	Set<String> scan(String pattern) {
		Set<String> found = new TreeSet<>();
		for (RedisCommands<byte[], byte[]> server : servers()) {
			ScanIterator<byte[]> keys = ScanIterator.scan(server,
					ScanArgs.Builder.matches(pattern.getBytes(StandardCharsets.UTF_8)).limit(1000));
			keys.forEachRemaining((key) -> found.add(new String(key, StandardCharsets.UTF_8)));
		}
		return found;
	}

	long count(String key) {
		byte[] name = key.getBytes(StandardCharsets.UTF_8);
		return routed().exists(name);
	}

	static List<String> dataKeys(String keyPrefix, String cache, List<String> ids) {
		return ids.stream().map((id) -> dataKey(keyPrefix, cache, id)).toList();
	}

	/**
	 * The documented layout: {@code prefix:cache:1:{keyId}}, where a key id that is empty
	 * or starts with '}' or a backslash gets a leading backslash.
	 */
	static String dataKey(String keyPrefix, String cache, String keyId) {
		boolean escape = keyId.isEmpty() || keyId.charAt(0) == '}' || keyId.charAt(0) == '\\';
		return keyPrefix + ":" + cache + ":1:{" + (escape ? "\\" : "") + keyId + "}";
	}

}
