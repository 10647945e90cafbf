package io.github.swrcache.core.internal.redis;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.swrcache.core.RemoteOptions;
import io.github.swrcache.core.codec.ValueCodecFactory;
import io.github.swrcache.core.internal.ClusterClock;
import io.github.swrcache.core.internal.RemoteEvents;
import io.github.swrcache.core.internal.RemoteStats;
import io.github.swrcache.core.internal.RemoteStore;
import io.github.swrcache.core.internal.RemoteTier;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.KeyValue;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * The shared tier on Redis (standalone, Sentinel or Cluster, whatever client is handed
 * in): one multiplexed connection for commands and one for pub/sub per manager, no pool.
 * Every command is bounded by the command timeout. The client itself stays the caller's:
 * closing the tier closes only the connections it opened.
 */
public final class RedisTier implements RemoteTier {

	private final RemoteOptions options;

	private final ClusterClock clock;

	private final ValueCodecFactory codecs;

	private final StatefulConnection<byte[], byte[]> connection;

	private final RedisClusterAsyncCommands<byte[], byte[]> commands;

	private final InvalidationBus bus;

	private final ScheduledExecutorService scheduler;

	private final Map<String, Set<Runnable>> wakeUps = new ConcurrentHashMap<>();

	private RedisTier(AbstractRedisClient client, RemoteOptions options, String nodeId, ClusterClock clock) {
		this.options = options;
		this.clock = clock;
		this.codecs = (options.codecs() != null) ? options.codecs() : ValueCodecFactory.defaults();
		StatefulRedisPubSubConnection<byte[], byte[]> pubSub;
		if (client instanceof RedisClusterClient cluster) {
			var clusterConnection = cluster.connect(ByteArrayCodec.INSTANCE);
			this.connection = clusterConnection;
			this.commands = clusterConnection.async();
			pubSub = cluster.connectPubSub(ByteArrayCodec.INSTANCE);
		}
		else if (client instanceof RedisClient standalone) {
			var standaloneConnection = standalone.connect(ByteArrayCodec.INSTANCE);
			this.connection = standaloneConnection;
			this.commands = standaloneConnection.async();
			pubSub = standalone.connectPubSub(ByteArrayCodec.INSTANCE);
		}
		else {
			throw new IllegalArgumentException("Unsupported Redis client " + client.getClass().getName()
					+ "; expected io.lettuce.core.RedisClient or io.lettuce.core.cluster.RedisClusterClient");
		}
		this.scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "swr-cache-redis-" + nodeId);
			thread.setDaemon(true);
			return thread;
		});
		this.bus = new InvalidationBus(pubSub, nodeId, options.keyPrefix() + ":__bus", options.commandTimeout(),
				this.scheduler);
		if (options.clockSync()) {
			measureClockOffset();
		}
	}

	/**
	 * Connects to Redis through {@code client}.
	 * @param client a standalone (or Sentinel) {@link RedisClient} or a
	 * {@link RedisClusterClient}
	 * @param options how to use Redis
	 * @param nodeId this node's id on the bus
	 * @param clock the manager's clock, whose offset to the server clock is set here
	 * @return the tier
	 * @throws IllegalStateException when Redis cannot be reached
	 */
	public static RedisTier connect(AbstractRedisClient client, RemoteOptions options, String nodeId,
			ClusterClock clock) {
		try {
			return new RedisTier(client, options, nodeId, clock);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("Cannot connect the swr-cache shared tier to Redis: " + ex.getMessage(),
					ex);
		}
	}

	@Override
	public boolean isShared() {
		return true;
	}

	@Override
	public long clockOffsetMillis() {
		return this.clock.offset();
	}

	@Override
	public <K, V> RemoteStore<K, V> store(String cacheName, Type valueType, RemoteEvents events, RemoteStats stats) {
		RedisKeys keys = new RedisKeys(this.options.keyPrefix(), cacheName, this.options.keyVersion());
		RedisStore<K, V> store = new RedisStore<>(this, cacheName, keys, this.codecs.codecFor(valueType), events,
				stats);
		this.bus.register(cacheName, store);
		return store;
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
		this.bus.close();
		this.connection.close();
	}

	RemoteOptions options() {
		return this.options;
	}

	ClusterClock clock() {
		return this.clock;
	}

	InvalidationBus bus() {
		return this.bus;
	}

	ScheduledExecutorService scheduler() {
		return this.scheduler;
	}

	int busSubscriptions() {
		return this.bus.subscriptions();
	}

	<T> CompletableFuture<T> eval(String script, ScriptOutputType type, List<String> keys, byte[]... args) {
		byte[][] keyBytes = new byte[keys.size()][];
		for (int i = 0; i < keyBytes.length; i++) {
			keyBytes[i] = utf8(keys.get(i));
		}
		return bounded(() -> this.commands.<T>eval(script, type, keyBytes, args));
	}

	CompletableFuture<byte[]> get(String key) {
		return bounded(() -> this.commands.get(utf8(key)));
	}

	CompletableFuture<List<KeyValue<byte[], byte[]>>> mget(List<String> keys) {
		byte[][] keyBytes = keys.stream().map(RedisTier::utf8).toArray(byte[][]::new);
		return bounded(() -> this.commands.mget(keyBytes));
	}

	CompletableFuture<List<ScoredValue<byte[]>>> tagMarks(String key, long horizon) {
		return bounded(() -> this.commands.zrangebyscoreWithScores(utf8(key), Range.create(horizon, Long.MAX_VALUE)));
	}

	void onLoaded(String cacheName, String keyId, Runnable wakeUp) {
		this.wakeUps.computeIfAbsent(cacheName + "\n" + keyId, (key) -> ConcurrentHashMap.newKeySet()).add(wakeUp);
	}

	void removeOnLoaded(String cacheName, String keyId, Runnable wakeUp) {
		this.wakeUps.computeIfPresent(cacheName + "\n" + keyId, (key, set) -> {
			set.remove(wakeUp);
			return set.isEmpty() ? null : set;
		});
	}

	void wake(String cacheName, String keyId) {
		Set<Runnable> waiting = this.wakeUps.get(cacheName + "\n" + keyId);
		if (waiting != null) {
			waiting.forEach(Runnable::run);
		}
	}

	/**
	 * Sets the cluster clock's offset to the server clock from {@code TIME}, corrected by
	 * half the round trip.
	 */
	void measureClockOffset() {
		try {
			long before = this.clock.localNow();
			List<byte[]> time = this.commands.time()
				.get(this.options.commandTimeout().toMillis() * 4, TimeUnit.MILLISECONDS);
			long after = this.clock.localNow();
			long serverMillis = Long.parseLong(new String(time.get(0), StandardCharsets.US_ASCII)) * 1000
					+ Long.parseLong(new String(time.get(1), StandardCharsets.US_ASCII)) / 1000;
			this.clock.offset(serverMillis - (before + after) / 2);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot read the Redis server clock (TIME)", ex);
		}
	}

	/**
	 * Sends a command, bounded by the command timeout. A command Lettuce refuses at once
	 * (closed connection) fails the future instead of throwing.
	 */
	private <T> CompletableFuture<T> bounded(Supplier<RedisFuture<T>> command) {
		try {
			return command.get()
				.toCompletableFuture()
				.orTimeout(this.options.commandTimeout().toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
