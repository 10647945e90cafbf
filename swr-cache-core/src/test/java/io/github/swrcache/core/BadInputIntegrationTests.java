package io.github.swrcache.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.swrcache.core.testsupport.RedisEndpoint;
import io.github.swrcache.core.testsupport.RedisExtension;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile input against a real Redis, property style with a seeded {@link Random}: keys
 * of every shape (unicode, control characters, pattern characters, braces, empty, 1 MB),
 * values that are too big, unserializable or null, and random bytes written under cache
 * keys, lock keys, waiter flags and the tag and clear marks. No call throws, every read
 * returns the value the rules say, and no other key in Redis is touched (every other key
 * is DUMPed before and after).
 */
@ExtendWith(RedisExtension.class)
class BadInputIntegrationTests {

	private static final long SEED = 8;

	private static final int MAX_VALUE_SIZE = 4 * 1024;

	private final String prefix = "bad" + UUID.randomUUID().toString().substring(0, 8);

	private final Random random = new Random(SEED);

	private final List<SwrCacheManager> managers = new ArrayList<>();

	private RedisClient client;

	private StatefulRedisConnection<byte[], byte[]> connection;

	private RedisCommands<byte[], byte[]> redis;

	private Map<String, String> bystandersBefore;

	@BeforeEach
	void start(RedisEndpoint endpoint) {
		this.client = RedisClient.create(endpoint.uri());
		this.connection = this.client.connect(ByteArrayCodec.INSTANCE);
		this.redis = this.connection.sync();
		// Bystanders: keys of other applications, of other types, and another cache of
		// ours under the same prefix.
		this.redis.set(bytes("app:" + this.prefix + ":plain"), bytes("untouched"));
		this.redis.hset(bytes("app:" + this.prefix + ":hash"), bytes("f"), bytes("v"));
		this.redis.zadd(bytes("app:" + this.prefix + ":zset"), 1.0, bytes("m"));
		this.redis.set(bytes("app:" + this.prefix + ":{k}"), bytes("same hash tag"));
		SwrCache<String, String> other = node().cache("other", String.class);
		for (int i = 0; i < 20; i++) {
			other.put("k" + i, "bystander " + i, List.of("t"));
		}
		this.bystandersBefore = bystanders();
		this.managers.forEach(SwrCacheManager::close);
		this.managers.clear();
	}

	@AfterEach
	void stop() {
		try {
			Map<String, String> after = bystanders();
			Map<String, String> changed = new TreeMap<>();
			this.bystandersBefore.forEach((key, dump) -> {
				if (!dump.equals(after.get(key))) {
					changed.put(key, "changed or gone");
				}
			});
			after.keySet()
				.stream()
				.filter((key) -> !this.bystandersBefore.containsKey(key))
				.forEach((key) -> changed.put(key, "new"));
			assertThat(changed).as("keys outside the cache under test").isEmpty();
			assertThat(this.bystandersBefore).hasSizeGreaterThanOrEqualTo(4 + 20);
		}
		finally {
			this.managers.forEach(SwrCacheManager::close);
			this.connection.close();
			this.client.shutdown();
		}
	}

	private SwrCacheManager node() {
		SwrCacheManager manager = SwrCacheManager.builder()
			.remote(this.client,
					RemoteOptions.builder()
						.keyPrefix(this.prefix)
						.maxValueSize(MAX_VALUE_SIZE)
						.lockWait(Duration.ofMillis(100))
						.build())
			.build();
		this.managers.add(manager);
		return manager;
	}

	@Test
	void hostileKeysAreSharedBetweenNodesUnderShortRedisKeys() {
		SwrCache<String, String> a = node().cache("c", String.class);
		SwrCache<String, String> b = node().cache("c", String.class);
		AtomicInteger loads = new AtomicInteger();
		// Distinct keys: a key seen again would be answered by b's copy until the bus
		// message of a's put arrives, which is not what this test is about.
		List<String> keys = new ArrayList<>(new LinkedHashSet<>(BadInputTests.BadKeys.keys(this.random, 300)));
		for (String key : keys) {
			String value = "value of " + key.length() + " chars";
			a.put(key, value);
			assertThat(b.get(key, (k) -> "loaded " + loads.incrementAndGet())).isEqualTo(value);
			a.invalidate(key);
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(b.peek(key).state()).as("key %s", printable(key))
					.isEqualTo(EntryState.ABSENT));
			assertThat(b.get(key, (k) -> "reloaded")).isEqualTo("reloaded");
		}
		assertThat(loads).hasValue(0);
		// All at once: two different keys never share a Redis key.
		List<String> distinct = keys;
		for (int i = 0; i < distinct.size(); i++) {
			a.put(distinct.get(i), "v" + i);
		}
		// Read by a node that starts now, so that no in-process copy answers.
		SwrCache<String, String> late = node().cache("c", String.class);
		for (int i = 0; i < distinct.size(); i++) {
			assertThat(late.get(distinct.get(i), (k) -> "loaded " + loads.incrementAndGet()))
				.as("key %s", printable(distinct.get(i)))
				.isEqualTo("v" + i);
		}
		assertThat(loads).hasValue(0);
		System.out.println("hostile keys shared between nodes, seed " + SEED + ": " + distinct.size() + " distinct, "
				+ distinct.stream().filter((key) -> key.length() > 1_000_000).count() + " of 1 MB");
		assertThat(keysOf("c")).hasSize(distinct.size()).allSatisfy((key) -> assertThat(key.length()).isLessThan(250));
		assertThat(statistics(a).remoteErrors() + statistics(b).remoteErrors()).isZero();
	}

	@Test
	void hugeUnserializableAndNullValuesStayOutOfRedis() {
		SwrCache<String, Object> a = node().cache("c", Object.class, CachePolicy.defaults());
		SwrCache<String, Object> b = node().cache("c", Object.class, CachePolicy.defaults());
		for (int i = 0; i < 100; i++) {
			String key = "k" + i;
			Object value = switch (i % 4) {
				case 0 -> "x".repeat(MAX_VALUE_SIZE + this.random.nextInt(100_000));
				case 1 -> new Bomb(key);
				case 2 -> Loop.of(key);
				default -> null;
			};
			a.put(key, "old");
			a.put(key, value);
			assertThat(this.redis.exists(bytes(this.prefix + ":c:1:{" + key + "}"))).isZero();
			assertThat(a.get(key, (k) -> "loaded")).isSameAs((value != null) ? value : "loaded");
			// Never the old value: the shared one was removed with the failed write
			// (after
			// put(null), a's load of "loaded" is shared).
			assertThat(b.get(key, (k) -> "loaded on b")).isEqualTo((value != null) ? "loaded on b" : "loaded");
		}
		assertThat(statistics(a).oversizeValues()).isEqualTo(25);
	}

	@Test
	void randomBytesUnderCacheLockWaiterAndMarkKeysAreNeverAnError() {
		SwrCache<String, String> a = node().cache("c", String.class);
		SwrCache<String, String> b = node().cache("c", String.class);
		Map<String, String> source = new TreeMap<>();
		for (int i = 0; i < 500; i++) {
			String key = "k" + this.random.nextInt(40);
			String dataKey = this.prefix + ":c:1:{" + key + "}";
			byte[] garbage = garbage();
			switch (this.random.nextInt(6)) {
				case 0 -> this.redis.set(bytes(dataKey), garbage);
				case 1 -> this.redis.set(bytes(dataKey + ":lock"), garbage);
				case 2 -> this.redis.set(bytes(dataKey + ":wait"), garbage);
				case 3 -> this.redis.set(bytes(this.prefix + ":c:1:__tags"), garbage);
				case 4 -> this.redis.set(bytes(this.prefix + ":c:1:__clear"), garbage);
				default -> this.redis.del(bytes(dataKey + ":lock"), bytes(this.prefix + ":c:1:__tags"),
						bytes(this.prefix + ":c:1:__clear"));
			}
			// One node: another node's copy may lag by the bus delivery, which is not
			// what this test is about.
			SwrCache<String, String> cache = a;
			String expected = source.computeIfAbsent(key, (k) -> k + "@0");
			switch (this.random.nextInt(5)) {
				case 0 -> {
					String value = key + "@" + i;
					source.put(key, value);
					cache.put(key, value, List.of("t"));
				}
				case 1 -> {
					source.put(key, key + "@" + i);
					cache.invalidate(key);
				}
				case 2 -> cache.invalidateTag("t");
				case 3 -> cache.peek(key);
				default -> {
					// The value of the source, or the one put last (never garbage).
					String read = cache.get(key, (k) -> source.get(k));
					assertThat(read).isIn(expected, source.get(key));
				}
			}
		}
		// A node that starts now reads the marks, garbage or not.
		SwrCache<String, String> late = node().cache("c", String.class);
		assertThat(late.get("fresh-key", (k) -> "v")).isEqualTo("v");
		CacheStatistics stats = statistics(a);
		System.out.println("garbage rounds, seed " + SEED + ": 500, decode failures " + stats.decodeFailures()
				+ ", Redis errors counted " + stats.remoteErrors() + ", lock-wait timeouts "
				+ stats.lockWaitTimeouts());
		assertThat(stats.decodeFailures()).isPositive();
	}

	private byte[] garbage() {
		byte[] garbage = new byte[this.random.nextInt(2_000)];
		this.random.nextBytes(garbage);
		if (garbage.length > 20 && this.random.nextBoolean()) {
			// Starts like an envelope with times far in the future: only decoding tells.
			byte[] header = ("1" + "9".repeat(15) + "9".repeat(15)).getBytes(StandardCharsets.US_ASCII);
			System.arraycopy(header, 0, garbage, 0, Math.min(header.length, garbage.length));
		}
		return garbage;
	}

	private Map<String, String> bystanders() {
		Map<String, String> dumps = new TreeMap<>();
		ScanCursor cursor = ScanCursor.INITIAL;
		do {
			KeyScanCursor<byte[]> page = this.redis.scan(cursor, ScanArgs.Builder.limit(500));
			for (byte[] key : page.getKeys()) {
				String name = new String(key, StandardCharsets.UTF_8);
				// The caches under test, of this test and of the class's earlier tests
				// (whose lock keys and waiter flags expire meanwhile), are left out.
				if (!name.matches("(?s)bad[0-9a-f]{8}:c:.*")) {
					byte[] dump = this.redis.dump(key);
					dumps.put(name, (dump != null) ? HexFormat.of().formatHex(dump) : "gone");
				}
			}
			cursor = page;
		}
		while (!cursor.isFinished());
		return dumps;
	}

	private List<String> keysOf(String cache) {
		List<String> keys = new ArrayList<>();
		for (byte[] key : this.redis.keys(this.prefix + ":" + cache + ":*")) {
			keys.add(new String(key, StandardCharsets.UTF_8));
		}
		return keys;
	}

	private static String printable(String key) {
		String shown = (key.length() > 80) ? key.substring(0, 80) + "...(" + key.length() + " chars)" : key;
		StringBuilder out = new StringBuilder();
		shown.codePoints().forEach((c) -> out.append((c < 32 || c > 126) ? String.format("\\u%04x", c) : (char) c));
		return out.toString();
	}

	private static CacheStatistics statistics(SwrCache<?, ?> cache) {
		return cache.statistics();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Jackson cannot serialize it: a getter throws.
	 */
	public static final class Bomb {

		private final String name;

		Bomb(String name) {
			this.name = name;
		}

		public String getName() {
			return this.name;
		}

		public String getBoom() {
			throw new IllegalStateException("boom");
		}

	}

	/**
	 * Jackson cannot serialize it: it contains itself.
	 */
	public static final class Loop {

		private final String name;

		private Loop self;

		private Loop(String name) {
			this.name = name;
		}

		static Loop of(String name) {
			Loop loop = new Loop(name);
			loop.self = loop;
			return loop;
		}

		public String getName() {
			return this.name;
		}

		public Loop getSelf() {
			return this.self;
		}

	}

}
