package io.github.swrcache.core.internal.redis;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.github.resilience4j.retry.Retry;
import io.github.swrcache.core.CircuitBreakerSettings;
import io.github.swrcache.core.RemoteOptions;
import io.github.swrcache.core.RemoteStatus;
import io.github.swrcache.core.codec.ValueCodecFactory;
import io.github.swrcache.core.internal.ClusterClock;
import io.github.swrcache.core.internal.ManagerEvents;
import io.github.swrcache.core.internal.RemoteEvents;
import io.github.swrcache.core.internal.RemoteStats;
import io.github.swrcache.core.internal.RemoteStore;
import io.github.swrcache.core.internal.RemoteTier;
import io.github.swrcache.core.internal.RemoteUnavailableException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.jspecify.annotations.Nullable;

/**
 * The shared tier on Redis (standalone, Sentinel or Cluster, whatever client is handed
 * in): one multiplexed connection for commands and one for pub/sub per manager, no pool.
 * Every command is bounded by the command timeout and goes through a circuit breaker; a
 * command refused by the open circuit, or sent before the first connection succeeded,
 * fails at once with {@link RemoteUnavailableException}, and the engine serves from the
 * in-process tier and the loader. Start-up does not fail when Redis is unreachable: the
 * tier keeps trying to connect in the background. When the circuit closes again, or the
 * bus re-subscribes, every cache drops its in-process tier, reloads its marks and resends
 * the invalidations Redis missed. The client itself stays the caller's: closing the tier
 * closes only the connections it opened.
 */
public final class RedisTier implements RemoteTier {

	private static final System.Logger logger = System.getLogger(RedisTier.class.getName());

	private static final RemoteUnavailableException NOT_CONNECTED = new RemoteUnavailableException(
			"not connected to Redis yet");

	private static final RemoteUnavailableException CIRCUIT_OPEN = new RemoteUnavailableException(
			"Redis circuit breaker is open");

	private final AbstractRedisClient client;

	private final RemoteOptions options;

	private final String nodeId;

	private final ClusterClock clock;

	private final ValueCodecFactory codecs;

	private final CircuitBreaker circuit;

	private final ScheduledExecutorService scheduler;

	private final Map<String, RedisStore<?, ?>> stores = new ConcurrentHashMap<>();

	private final Map<String, Set<Runnable>> wakeUps = new ConcurrentHashMap<>();

	private volatile @Nullable Connection connection;

	private final ManagerEvents events;

	private final @Nullable Retry retry;

	private volatile boolean closed;

	private RedisTier(AbstractRedisClient client, RemoteOptions options, String nodeId, ClusterClock clock,
			ManagerEvents events) {
		if (!(client instanceof RedisClusterClient) && !(client instanceof RedisClient)) {
			throw new IllegalArgumentException("Unsupported Redis client " + client.getClass().getName()
					+ "; expected io.lettuce.core.RedisClient or io.lettuce.core.cluster.RedisClusterClient");
		}
		this.client = client;
		this.options = options;
		this.nodeId = nodeId;
		this.clock = clock;
		this.events = events;
		this.retry = options.retryReads() ? Retry.of("swr-cache-redis-" + nodeId, ReadRetry.config()) : null;
		this.codecs = (options.codecs() != null) ? options.codecs() : ValueCodecFactory.defaults();
		this.circuit = CircuitBreaker.of("swr-cache-redis-" + nodeId, circuitConfig(options.circuitBreaker()));
		this.circuit.getEventPublisher().onStateTransition(this::onCircuitTransition);
		this.scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "swr-cache-redis-" + nodeId);
			thread.setDaemon(true);
			return thread;
		});
		if (!tryConnect()) {
			logger.log(System.Logger.Level.WARNING, "Redis is unreachable at start-up; swr-cache serves from the "
					+ "in-process tier and the loaders, and keeps trying to connect");
			scheduleReconnect();
		}
		this.scheduler.scheduleWithFixedDelay(this::drainPending, 1, 1, TimeUnit.SECONDS);
		if (options.clockSync()) {
			this.scheduler.scheduleWithFixedDelay(this::remeasureClockOffset, 60, 60, TimeUnit.SECONDS);
		}
	}

	/**
	 * Creates the tier and connects to Redis through {@code client}; when Redis cannot be
	 * reached it keeps trying in the background instead of failing.
	 * @param client a standalone (or Sentinel) {@link RedisClient} or a
	 * {@link RedisClusterClient}
	 * @param options how to use Redis
	 * @param nodeId this node's id on the bus
	 * @param clock the manager's clock, whose offset to the server clock is set here
	 * @return the tier
	 * @throws IllegalArgumentException for another kind of client
	 */
	public static RedisTier connect(AbstractRedisClient client, RemoteOptions options, String nodeId,
			ClusterClock clock) {
		return connect(client, options, nodeId, clock, new ManagerEvents(nodeId, clock));
	}

	/**
	 * Creates the tier like
	 * {@link #connect(AbstractRedisClient, RemoteOptions, String, ClusterClock)},
	 * publishing circuit transitions and bus reconnects to {@code events}.
	 * @param client a standalone (or Sentinel) {@link RedisClient} or a
	 * {@link RedisClusterClient}
	 * @param options how to use Redis
	 * @param nodeId this node's id on the bus
	 * @param clock the manager's clock, whose offset to the server clock is set here
	 * @param events the manager's events
	 * @return the tier
	 * @throws IllegalArgumentException for another kind of client
	 */
	public static RedisTier connect(AbstractRedisClient client, RemoteOptions options, String nodeId,
			ClusterClock clock, ManagerEvents events) {
		return new RedisTier(client, options, nodeId, clock, events);
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
		this.stores.put(cacheName, store);
		return store;
	}

	@Override
	public RemoteStatus status() {
		Connection current = this.connection;
		int pending = 0;
		long dropped = 0;
		for (RedisStore<?, ?> store : this.stores.values()) {
			pending += store.pending().size();
			dropped += store.pending().dropped();
		}
		return new RemoteStatus((this.client instanceof RedisClusterClient) ? "cluster" : "standalone", current != null,
				this.circuit.getState().name(), current != null && current.bus().isConnected(),
				(current != null) ? Math.max(0, current.bus().subscriptions() - 1) : 0, this.clock.offset(), pending,
				dropped);
	}

	@Override
	public void close() {
		this.closed = true;
		this.scheduler.shutdownNow();
		Connection current = this.connection;
		if (current != null) {
			current.close();
		}
	}

	RemoteOptions options() {
		return this.options;
	}

	ClusterClock clock() {
		return this.clock;
	}

	ScheduledExecutorService scheduler() {
		return this.scheduler;
	}

	byte[] message(InvalidationBus.Op op, String cacheName, long time, String subject) {
		return InvalidationBus.message(this.nodeId, op, cacheName, time, subject);
	}

	byte[][] messageAroundTime(InvalidationBus.Op op, String cacheName, String subject) {
		return InvalidationBus.messageAroundTime(this.nodeId, op, cacheName, subject);
	}

	String channel() {
		return this.options.keyPrefix() + ":__bus";
	}

	<T> CompletableFuture<T> eval(String script, ScriptOutputType type, List<String> keys, byte[]... args) {
		byte[][] keyBytes = new byte[keys.size()][];
		for (int i = 0; i < keyBytes.length; i++) {
			keyBytes[i] = utf8(keys.get(i));
		}
		return guarded((commands) -> commands.<T>eval(script, type, keyBytes, args));
	}

	CompletableFuture<byte[]> get(String key) {
		return guarded((commands) -> commands.get(utf8(key)));
	}

	CompletableFuture<List<KeyValue<byte[], byte[]>>> mget(List<String> keys) {
		byte[][] keyBytes = keys.stream().map(RedisTier::utf8).toArray(byte[][]::new);
		return guarded((commands) -> commands.mget(keyBytes));
	}

	CompletableFuture<List<ScoredValue<byte[]>>> tagMarks(String key, long horizon) {
		return guarded(
				(commands) -> commands.zrangebyscoreWithScores(utf8(key), Range.create(horizon, Long.MAX_VALUE)));
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
	 * Sends a command through the circuit breaker, bounded by the command timeout. A
	 * command that cannot be sent fails the future instead of throwing.
	 */
	private <T> CompletableFuture<T> guarded(
			Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> command) {
		return guarded(command, this.options.commandTimeout().toNanos());
	}

	private <T> CompletableFuture<T> guarded(
			Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> command, long timeoutNanos) {
		Connection current = this.connection;
		if (current == null) {
			return CompletableFuture.failedFuture(NOT_CONNECTED);
		}
		if (!this.circuit.tryAcquirePermission()) {
			return CompletableFuture.failedFuture(CIRCUIT_OPEN);
		}
		long start = System.nanoTime();
		CompletableFuture<T> future;
		try {
			future = command.apply(current.commands())
				.toCompletableFuture()
				.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS);
		}
		catch (RuntimeException ex) {
			future = CompletableFuture.failedFuture(ex);
		}
		return future.whenComplete((result, error) -> {
			long nanos = System.nanoTime() - start;
			if (error == null) {
				this.circuit.onSuccess(nanos, TimeUnit.NANOSECONDS);
			}
			else {
				this.circuit.onError(nanos, TimeUnit.NANOSECONDS, error);
			}
		});
	}

	private boolean tryConnect() {
		StatefulConnection<byte[], byte[]> commandConnection = null;
		StatefulRedisPubSubConnection<byte[], byte[]> pubSub = null;
		try {
			RedisClusterAsyncCommands<byte[], byte[]> commands;
			if (this.client instanceof RedisClusterClient cluster) {
				var clusterConnection = cluster.connect(ByteArrayCodec.INSTANCE);
				commandConnection = clusterConnection;
				commands = clusterConnection.async();
				pubSub = cluster.connectPubSub(ByteArrayCodec.INSTANCE);
			}
			else {
				var standaloneConnection = ((RedisClient) this.client).connect(ByteArrayCodec.INSTANCE);
				commandConnection = standaloneConnection;
				commands = standaloneConnection.async();
				pubSub = ((RedisClient) this.client).connectPubSub(ByteArrayCodec.INSTANCE);
			}
			InvalidationBus bus = new InvalidationBus(pubSub, this.nodeId, channel(), this.options.commandTimeout(),
					this.stores::get, this::onBusResubscribed, this.scheduler);
			Connection connected = new Connection(commandConnection, commands, bus);
			if (this.options.clockSync()) {
				measureClockOffset(commands);
			}
			boolean reconnect = this.connection == null && !this.stores.isEmpty();
			this.connection = connected;
			if (reconnect) {
				resynchronizeAll();
			}
			return true;
		}
		catch (RuntimeException ex) {
			closeQuietly(commandConnection);
			closeQuietly(pubSub);
			logger.log(System.Logger.Level.DEBUG, "Cannot connect to Redis yet", ex);
			return false;
		}
	}

	private void scheduleReconnect() {
		if (this.closed) {
			return;
		}
		this.scheduler.schedule(() -> {
			if (!this.closed && !tryConnect()) {
				scheduleReconnect();
			}
			else if (!this.closed) {
				logger.log(System.Logger.Level.INFO, "Connected to Redis; swr-cache uses the shared tier again");
			}
		}, this.options.circuitBreaker().waitInOpenState().toMillis(), TimeUnit.MILLISECONDS);
	}

	private void onCircuitTransition(CircuitBreakerOnStateTransitionEvent event) {
		CircuitBreaker.StateTransition transition = event.getStateTransition();
		logger.log(System.Logger.Level.INFO, "Redis circuit breaker: " + transition);
		this.events.circuitStateChanged(transition.getFromState().name(), transition.getToState().name());
		if (transition.getToState() == CircuitBreaker.State.OPEN) {
			logger.log(System.Logger.Level.WARNING,
					"Redis circuit breaker opened; serving from the in-process tier and the loaders");
		}
		if (transition.getToState() == CircuitBreaker.State.CLOSED && !this.closed) {
			// Redis is back, but this node cannot know what it missed meanwhile.
			this.scheduler.execute(this::resynchronizeAll);
		}
	}

	/**
	 * The bus lost its connection and subscribed again. With the circuit closed, Redis
	 * kept working and only messages were lost: resynchronize now. With the circuit open,
	 * Redis itself is away, the in-process entries are all that serves, and the circuit's
	 * closing resynchronizes anyway: dropping them now would only send every read to the
	 * loaders.
	 */
	private void onBusResubscribed() {
		this.events.busReconnected();
		if (this.circuit.getState() == CircuitBreaker.State.CLOSED) {
			resynchronizeAll();
		}
	}

	private void remeasureClockOffset() {
		Connection current = this.connection;
		if (current != null && !this.closed && this.circuit.getState() == CircuitBreaker.State.CLOSED) {
			try {
				measureClockOffset(current.commands());
			}
			catch (RuntimeException ex) {
				logger.log(System.Logger.Level.DEBUG, "Cannot re-measure the Redis clock offset", ex);
			}
		}
	}

	private void resynchronizeAll() {
		if (this.closed) {
			return;
		}
		Connection current = this.connection;
		if (current != null && this.options.clockSync()) {
			try {
				measureClockOffset(current.commands());
			}
			catch (RuntimeException ex) {
				logger.log(System.Logger.Level.DEBUG, "Cannot re-measure the Redis clock offset", ex);
			}
		}
		this.stores.values().forEach(RedisStore::resynchronize);
		drainPending();
	}

	/**
	 * Runs every second: resends pending invalidations while the circuit is closed, and
	 * probes Redis while it is not, so that the circuit can close without waiting for
	 * traffic.
	 */
	private void drainPending() {
		if (this.closed || this.connection == null) {
			return;
		}
		if (this.circuit.getState() == CircuitBreaker.State.CLOSED) {
			this.stores.values().forEach(RedisStore::drainPending);
		}
		else if (this.circuit.getState() == CircuitBreaker.State.HALF_OPEN) {
			guarded(RedisClusterAsyncCommands::ping);
		}
	}

	/**
	 * Sets the cluster clock's offset to the server clock from {@code TIME}: after one
	 * warm-up call, the sample with the shortest round trip of five, whose midpoint is
	 * the best estimate; half that round trip (plus a millisecond of resolution) is the
	 * uncertainty that comparisons of cross-node times allow for.
	 */
	private void measureClockOffset(RedisClusterAsyncCommands<byte[], byte[]> commands) {
		try {
			long timeoutMillis = this.options.commandTimeout().toMillis() * 4;
			commands.time().get(timeoutMillis, TimeUnit.MILLISECONDS);
			long bestRoundTrip = Long.MAX_VALUE;
			long bestOffset = 0;
			for (int sample = 0; sample < 5; sample++) {
				long before = this.clock.localPreciseNow();
				long beforeNanos = System.nanoTime();
				List<byte[]> time = commands.time().get(timeoutMillis, TimeUnit.MILLISECONDS);
				long roundTrip = System.nanoTime() - beforeNanos;
				long after = this.clock.localPreciseNow();
				long serverMillis = Long.parseLong(new String(time.get(0), StandardCharsets.US_ASCII)) * 1000
						+ Long.parseLong(new String(time.get(1), StandardCharsets.US_ASCII)) / 1000;
				if (roundTrip < bestRoundTrip) {
					bestRoundTrip = roundTrip;
					bestOffset = serverMillis - (before + after) / 2;
				}
			}
			this.clock.offset(bestOffset, TimeUnit.NANOSECONDS.toMillis(bestRoundTrip / 2) + 1);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot read the Redis server clock (TIME)", ex);
		}
	}

	private static CircuitBreakerConfig circuitConfig(CircuitBreakerSettings settings) {
		return CircuitBreakerConfig.custom()
			.failureRateThreshold(settings.failureRateThreshold())
			.slowCallRateThreshold(settings.slowCallRateThreshold())
			.slowCallDurationThreshold(settings.slowCallDuration())
			.slidingWindow(settings.slidingWindowSize(), settings.minimumCalls(), SlidingWindowType.COUNT_BASED)
			.waitDurationInOpenState(settings.waitInOpenState())
			.permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
			.automaticTransitionFromOpenToHalfOpenEnabled(true)
			.build();
	}

	private static void closeQuietly(@Nullable StatefulConnection<?, ?> connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (RuntimeException ex) {
				logger.log(System.Logger.Level.DEBUG, "Failed to close a Redis connection", ex);
			}
		}
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * {@link #get(String)}, sent once more when its connection was reset.
	 * @param key the key
	 * @param stats counts the retry
	 * @return the value, or {@code null}
	 */
	CompletableFuture<byte[]> get(String key, RemoteStats stats) {
		return idempotent((commands, again) -> commands.get(utf8(key)), stats);
	}

	/**
	 * {@link #mget(List)}, sent once more when its connection was reset.
	 * @param keys the keys
	 * @param stats counts the retry
	 * @return the values
	 */
	CompletableFuture<List<KeyValue<byte[], byte[]>>> mget(List<String> keys, RemoteStats stats) {
		byte[][] keyBytes = keys.stream().map(RedisTier::utf8).toArray(byte[][]::new);
		return idempotent((commands, again) -> commands.mget(keyBytes), stats);
	}

	/**
	 * {@link #tagMarks(String, long)}, sent once more when its connection was reset.
	 * @param key the key of the tag marks
	 * @param horizon the oldest time of interest
	 * @param stats counts the retry
	 * @return the marks
	 */
	CompletableFuture<List<ScoredValue<byte[]>>> tagMarks(String key, long horizon, RemoteStats stats) {
		return idempotent(
				(commands, again) -> commands.zrangebyscoreWithScores(utf8(key), Range.create(horizon, Long.MAX_VALUE)),
				stats);
	}

	/**
	 * Runs a script that is idempotent when sent again with {@code retryScript} (for
	 * {@link RedisScripts#READ_OR_LOCK}: {@link RedisScripts#READ_OR_LOCK_AGAIN}, which
	 * treats the lock held by the same token as taken by this call), sent once more when
	 * its connection was reset.
	 * @param script the script
	 * @param retryScript the script of the second attempt
	 * @param type the reply type
	 * @param keys the keys
	 * @param stats counts the retry
	 * @param args the arguments
	 * @param <T> the reply type
	 * @return the reply
	 */
	<T> CompletableFuture<T> evalIdempotent(String script, String retryScript, ScriptOutputType type, List<String> keys,
			RemoteStats stats, byte[]... args) {
		byte[][] keyBytes = new byte[keys.size()][];
		for (int i = 0; i < keyBytes.length; i++) {
			keyBytes[i] = utf8(keys.get(i));
		}
		return idempotent((commands, again) -> commands.<T>eval(again ? retryScript : script, type, keyBytes, args),
				stats);
	}

	/**
	 * Sends an idempotent read; when its connection was reset or closed (not a timeout,
	 * not an error reply) and the command timeout leaves time, sends it once more within
	 * what is left, as Resilience4j's {@link Retry} decides. Both attempts go through the
	 * circuit breaker as calls of their own: the reset counts as a failure even when the
	 * retry succeeds, because resets come in bursts when Redis or the network fails, and
	 * the circuit must see them.
	 */
	private <T> CompletableFuture<T> idempotent(ReadCommand<T> command, RemoteStats stats) {
		Retry retry = this.retry;
		if (retry == null) {
			return guarded((commands) -> command.send(commands, false));
		}
		long timeout = this.options.commandTimeout().toNanos();
		long deadline = System.nanoTime() + timeout;
		Retry.AsyncContext<T> context = retry.asyncContext();
		CompletableFuture<T> result = new CompletableFuture<>();
		guarded((commands) -> command.send(commands, false), timeout).whenComplete((value, error) -> {
			if (error == null) {
				context.onComplete();
				result.complete(value);
				return;
			}
			Throwable cause = ReadRetry.unwrap(error);
			long left = deadline - System.nanoTime();
			boolean retryable = ReadRetry.isConnectionReset(cause) && left >= ReadRetry.MIN_BUDGET_NANOS;
			long delay = context.onError(retryable ? new ReadRetry.Reset(cause) : cause);
			if (delay < 0) {
				result.completeExceptionally(cause);
				return;
			}
			// Not on the I/O thread that reports the reset: Lettuce must first take the
			// dead channel down, so that the retry waits for the reconnect instead of
			// being written to that channel.
			CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS)
				.execute(() -> guarded((commands) -> command.send(commands, true),
						Math.max(0, deadline - System.nanoTime()))
					.whenComplete((again, againError) -> {
						stats.remoteRetried(againError == null);
						if (againError == null) {
							context.onComplete();
							result.complete(again);
						}
						else {
							Throwable last = ReadRetry.unwrap(againError);
							context.onError(new ReadRetry.Reset(last));
							result.completeExceptionally(last);
						}
					}));
		});
		return result;
	}

	/**
	 * A read command, told whether it is the second attempt.
	 */
	@FunctionalInterface
	private interface ReadCommand<T> {

		RedisFuture<T> send(RedisClusterAsyncCommands<byte[], byte[]> commands, boolean again);

	}

	/**
	 * The connections of a connected tier.
	 */
	private record Connection(StatefulConnection<byte[], byte[]> commandConnection,
			RedisClusterAsyncCommands<byte[], byte[]> commands, InvalidationBus bus) {

		void close() {
			this.bus.close();
			closeQuietly(this.commandConnection);
		}

	}

	/**
	 * The servers whose keys a pattern scan must visit: every master of a Cluster (by
	 * node id), or the one server of a standalone or Sentinel setup ({@code null}).
	 * @return the servers
	 * @throws RemoteUnavailableException when not connected
	 */
	List<@Nullable String> scanServers() {
		Connection current = this.connection;
		if (current == null) {
			throw NOT_CONNECTED;
		}
		if (current.commandConnection() instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster) {
			List<@Nullable String> masters = new ArrayList<>();
			for (RedisClusterNode node : cluster.getPartitions()) {
				if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
					masters.add(node.getNodeId());
				}
			}
			return masters;
		}
		List<@Nullable String> one = new ArrayList<>();
		one.add(null);
		return one;
	}

	/**
	 * One {@code SCAN} page on one server, bounded by the command timeout and guarded by
	 * the circuit breaker like every command.
	 * @param server a Cluster node id, or {@code null} for the one server
	 * @param cursor where the previous page ended
	 * @param args the pattern and page size
	 * @return the page
	 */
	CompletableFuture<KeyScanCursor<byte[]>> scan(@Nullable String server, ScanCursor cursor, ScanArgs args) {
		if (server == null) {
			return guarded((commands) -> commands.scan(cursor, args));
		}
		// The routed Cluster commands would scan the masters one after another behind one
		// cursor; a node's own connection lets the caller say which node it scans.
		return guardedStage((current) -> ((StatefulRedisClusterConnection<byte[], byte[]>) current.commandConnection())
			.getConnectionAsync(server)
			.thenCompose((node) -> node.async().scan(cursor, args)));
	}

	/**
	 * Deletes keys without blocking the server; on a Cluster, Lettuce splits the keys by
	 * slot, in the order given per node.
	 * @param keys the key names
	 * @return how many existed
	 */
	CompletableFuture<Long> unlink(List<String> keys) {
		byte[][] keyBytes = keys.stream().map(RedisTier::utf8).toArray(byte[][]::new);
		return guarded((commands) -> commands.unlink(keyBytes));
	}

	/**
	 * Publishes a message on the bus.
	 * @param message the message
	 * @return how many subscribers received it
	 */
	CompletableFuture<Long> publish(byte[] message) {
		return guarded((commands) -> commands.publish(utf8(channel()), message));
	}

	/**
	 * {@link #guarded(Function)} for work that is not one command of the shared
	 * connection.
	 */
	private <T> CompletableFuture<T> guardedStage(Function<Connection, CompletionStage<T>> work) {
		Connection current = this.connection;
		if (current == null) {
			return CompletableFuture.failedFuture(NOT_CONNECTED);
		}
		if (!this.circuit.tryAcquirePermission()) {
			return CompletableFuture.failedFuture(CIRCUIT_OPEN);
		}
		long start = System.nanoTime();
		CompletableFuture<T> future;
		try {
			future = work.apply(current)
				.toCompletableFuture()
				.orTimeout(this.options.commandTimeout().toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RuntimeException ex) {
			future = CompletableFuture.failedFuture(ex);
		}
		return future.whenComplete((result, error) -> {
			long nanos = System.nanoTime() - start;
			if (error == null) {
				this.circuit.onSuccess(nanos, TimeUnit.NANOSECONDS);
			}
			else {
				this.circuit.onError(nanos, TimeUnit.NANOSECONDS, error);
			}
		});
	}

}
