package io.github.swrcache.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.github.swrcache.core.testsupport.ClusterConnections;
import io.github.swrcache.core.testsupport.RedisClusterExtension;
import io.github.swrcache.core.testsupport.RedisServer;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.KillArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The multi-node suite on a local Redis Cluster of 3 masters, through a
 * {@link RedisClusterClient}, plus what only a Cluster has: values, locks and marks
 * spread over the masters' slots, and a bus whose messages are published by a Lua script
 * on one master and reach subscribers connected to the others.
 */
@ExtendWith(RedisClusterExtension.class)
class ClusterMultiNodeIntegrationTests extends AbstractMultiNodeIntegrationTests {

	@RegisterExtension
	static final ClusterConnections connections = new ClusterConnections();

	@Override
	AbstractRedisClient client() {
		return connections.client();
	}

	@Override
	RedisClusterCommands<byte[], byte[]> redis() {
		return connections.commands();
	}

	@Override
	void killPubSubConnections() {
		// Each manager's bus connection is on some node of the Cluster: kill them on all.
		connections.commands().all().commands().clientKill(KillArgs.Builder.typePubsub());
	}

	@Override
	Set<String> keys(String pattern) {
		return connections.keys(pattern);
	}

	@Test
	void getAllAcrossTheSlotsOfEveryMasterLoadsTheMissingKeysInOneBulkLoad() {
		List<SwrCache<String, String>> caches = start();
		List<String> keys = IntStream.range(0, 12).mapToObj((i) -> "item-" + i).toList();
		Map<RedisServer, List<String>> byMaster = byMaster(keys);
		assertThat(byMaster).hasSize(3);
		// One key of each master is in Redis already, written by another node.
		List<String> warm = byMaster.values().stream().map((onMaster) -> onMaster.get(0)).toList();
		warm.forEach((key) -> caches.get(1).put(key, "put-" + key));
		List<Set<String>> bulkCalls = new CopyOnWriteArrayList<>();
		Map<String, String> read = caches.get(0).getAll(keys, (missing) -> {
			bulkCalls.add(Set.copyOf(missing));
			Map<String, String> values = new HashMap<>();
			missing.forEach((key) -> values.put(key, "bulk-" + key));
			return values;
		});
		Map<String, String> expected = new LinkedHashMap<>();
		keys.forEach((key) -> expected.put(key, (warm.contains(key) ? "put-" : "bulk-") + key));
		assertThat(read).containsExactlyEntriesOf(expected);
		assertThat(bulkCalls).hasSize(1);
		assertThat(bulkCalls.get(0))
			.containsExactlyInAnyOrderElementsOf(keys.stream().filter((key) -> !warm.contains(key)).toList());
		// Every value is on the master of its slot, with no lock or flag left beside it.
		byMaster.forEach((master, onMaster) -> onMaster
			.forEach((key) -> assertThat(connections.node(master).exists(dataKey(key))).as("%s on %s", key, master)
				.isEqualTo(1)));
		assertThat(keys(this.nodes.prefix + ":*")).containsExactlyInAnyOrderElementsOf(
				keys.stream().map((key) -> this.nodes.dataKey("products", key)).toList());
		AtomicInteger unexpectedLoads = new AtomicInteger();
		Map<String, String> readBack = caches.get(2).getAll(keys, (missing) -> {
			unexpectedLoads.addAndGet(missing.size());
			return Map.of();
		});
		assertThat(readBack).containsExactlyEntriesOf(expected);
		assertThat(unexpectedLoads).hasValue(0);
		assertThat(caches.get(2).statistics().remoteHits()).isEqualTo(keys.size());
	}

	@Test
	void valueLockAndWaitersFlagOfAKeyShareOneSlot() {
		start();
		for (String key : List.of("plain", "a{b}c", "{x}", "x}", "{}", "a}b{c", "{")) {
			assertSharesOneSlot(key);
		}
	}

	@Test
	void keysWithHashTagCharactersAreLockedAndLoadedOnceOnTheirSlot() throws Exception {
		List<SwrCache<String, String>> caches = start();
		for (String key : List.of("a{b}c", "{x}", "x}", "{}", "a}b{c", "{")) {
			assertLockedAndLoadedOnce(caches, key);
		}
		assertThat(caches.stream().mapToLong((cache) -> cache.statistics().locksAcquired()).sum()).isEqualTo(6);
	}

	@Test
	void keysStartingWithAClosingBraceKeepTheirLockAndFlagInTheSlotOfTheirValue() {
		start();
		for (String key : List.of("}", "}x", "")) {
			assertSharesOneSlot(key);
		}
	}

	@Test
	void keysStartingWithAClosingBraceAreLoadedOnceAndSharedThroughRedis() {
		List<SwrCache<String, String>> caches = start();
		AtomicInteger loads = new AtomicInteger();
		for (String key : List.of("}", "}x", "")) {
			assertThat(caches.get(0).get(key, (k) -> "v-" + k + loads.incrementAndGet())).isEqualTo("v-" + key + 1);
			assertThat(caches.get(1).get(key, (k) -> "unexpected load")).as("key '%s'", key).isEqualTo("v-" + key + 1);
			loads.set(0);
		}
	}

	@Test
	void invalidationPublishedOnOneMasterReachesNodesSubscribedToOthersWithin100Milliseconds() {
		List<SwrCache<String, String>> caches = start();
		byte[] channel = (this.nodes.prefix + ":__bus").getBytes(StandardCharsets.UTF_8);
		Map<RedisServer, Long> subscribers = new HashMap<>();
		for (RedisServer master : connections.cluster().nodes()) {
			subscribers.put(master, connections.node(master).pubsubNumsub(channel).values().iterator().next());
		}
		assertThat(subscribers.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(NODES);
		// Four subscribers on three masters: the one with the fewest has at most one,
		// so at least three of the managers hear its message through the cluster bus.
		RedisServer publisher = subscribers.entrySet()
			.stream()
			.min(Map.Entry.comparingByValue())
			.orElseThrow()
			.getKey();
		assertThat(subscribers.get(publisher)).isLessThanOrEqualTo(1);
		String key = IntStream.range(0, 100)
			.mapToObj((i) -> "bus-" + i)
			.filter((candidate) -> connections.cluster()
				.masterFor(this.nodes.dataKey("products", candidate))
				.equals(publisher))
			.findFirst()
			.orElseThrow();
		caches.forEach((cache) -> cache.get(key, (k) -> "old"));
		caches.forEach((cache) -> assertThat(cache.peek(key).tier()).isEqualTo(CacheTier.LOCAL));
		caches.get(0).invalidate(key);
		for (SwrCache<String, String> cache : caches) {
			awaitWithin100Millis(() -> assertThat(cache.peek(key).state()).isEqualTo(EntryState.ABSENT));
		}
		caches.forEach((cache) -> cache.get(key, (k) -> "reloaded"));
		caches.get(3).put(key, "written");
		for (SwrCache<String, String> cache : caches) {
			awaitWithin100Millis(() -> assertThat(cache.get(key, (k) -> "unexpected load")).isEqualTo("written"));
		}
	}

	@Test
	void tagAndClearInvalidationsReachEveryNodeForEntriesOnEveryMaster() {
		List<SwrCache<String, String>> caches = start();
		List<String> keys = IntStream.range(0, 12).mapToObj((i) -> "entry-" + i).toList();
		assertThat(byMaster(keys)).hasSize(3);
		List<String> tagged = keys.subList(0, 6);
		List<String> untagged = keys.subList(6, 12);
		assertThat(byMaster(tagged)).hasSize(3);
		for (SwrCache<String, String> cache : caches) {
			tagged.forEach((key) -> cache.get(key, (k, context) -> {
				context.addTags("tenant:7");
				return "tagged";
			}));
			untagged.forEach((key) -> cache.get(key, (k) -> "untagged"));
		}
		this.clock.advance(Duration.ofMillis(1));
		caches.get(1).invalidateTag("tenant:7");
		for (SwrCache<String, String> cache : caches) {
			for (String key : tagged) {
				awaitWithin100Millis(() -> assertThat(cache.peek(key).state()).isEqualTo(EntryState.ABSENT));
			}
			untagged.forEach((key) -> assertThat(cache.peek(key).state()).isEqualTo(EntryState.FRESH));
		}
		String namespace = this.nodes.prefix + ":products:1:";
		assertThat(redis().zscore(utf8(namespace + "__tags"), utf8("tenant:7")))
			.isEqualTo((double) this.clock.millis());
		this.clock.advance(Duration.ofMillis(1));
		caches.get(3).invalidateAll();
		for (SwrCache<String, String> cache : caches) {
			for (String key : keys) {
				awaitWithin100Millis(() -> assertThat(cache.peek(key).state()).isEqualTo(EntryState.ABSENT));
			}
		}
		assertThat(new String(redis().get(utf8(namespace + "__clear")), StandardCharsets.US_ASCII))
			.isEqualTo(Long.toString(this.clock.millis()));
	}

	/**
	 * A value, its lock and its waiters' flag are touched by one Lua script, which a
	 * Cluster runs only when all three are in one slot.
	 */
	void assertSharesOneSlot(String key) {
		String data = this.nodes.dataKey("products", key);
		Long slot = redis().clusterKeyslot(utf8(data));
		assertThat(List.of(data + ":lock", data + ":wait")).as("key '%s'", key)
			.allSatisfy((name) -> assertThat(redis().clusterKeyslot(utf8(name))).as(name).isEqualTo(slot));
	}

	/**
	 * One node loads the key slowly while another waits for it (raising the waiters'
	 * flag): the lock and the flag are on the master of the value, and the waiter gets
	 * the value without loading.
	 */
	void assertLockedAndLoadedOnce(List<SwrCache<String, String>> caches, String key) throws Exception {
		RedisCommands<byte[], byte[]> master = connections
			.node(connections.cluster().masterFor(this.nodes.dataKey("products", key)));
		byte[] data = dataKey(key);
		AtomicInteger loads = new AtomicInteger();
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Future<String> holder = this.callers.submit(() -> caches.get(0).get(key, (k) -> {
			loads.incrementAndGet();
			loading.countDown();
			release.await();
			return "v-" + k;
		}));
		assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
		Future<String> waiter = this.callers.submit(() -> caches.get(1).get(key, (k) -> {
			loads.incrementAndGet();
			return "unexpected load";
		}));
		byte[] waitFlag = utf8(this.nodes.dataKey("products", key) + ":wait");
		await().atMost(Duration.ofSeconds(5)).until(() -> master.exists(waitFlag) == 1);
		assertThat(master.exists(utf8(this.nodes.dataKey("products", key) + ":lock"))).as(key).isEqualTo(1);
		release.countDown();
		assertThat(holder.get(5, TimeUnit.SECONDS)).isEqualTo("v-" + key);
		assertThat(waiter.get(5, TimeUnit.SECONDS)).isEqualTo("v-" + key);
		assertThat(loads).as(key).hasValue(1);
		assertThat(master.exists(data)).as(key).isEqualTo(1);
		assertThat(caches.get(2).get(key, (k) -> "unexpected load")).isEqualTo("v-" + key);
	}

	private Map<RedisServer, List<String>> byMaster(List<String> keys) {
		Map<RedisServer, List<String>> byMaster = new LinkedHashMap<>();
		for (String key : keys) {
			byMaster
				.computeIfAbsent(connections.cluster().masterFor(this.nodes.dataKey("products", key)),
						(master) -> new ArrayList<>())
				.add(key);
		}
		return byMaster;
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
