package io.github.swrcache.core;

import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

import io.github.swrcache.core.internal.ClusterClock;
import io.github.swrcache.core.internal.DefaultSwrCache;
import io.github.swrcache.core.internal.DefaultSwrCacheManager;
import io.github.swrcache.core.internal.LocalOnlyTier;
import io.github.swrcache.core.internal.ManagerContext;
import io.github.swrcache.core.internal.ManagerEvents;
import io.github.swrcache.core.internal.RemoteTier;
import io.github.swrcache.core.event.CacheEvent;
import io.github.swrcache.core.event.ManagerEvent;
import io.github.swrcache.core.event.ManagerEventPublisher;
import io.github.swrcache.core.event.SwrCacheEventListener;
import io.github.swrcache.core.internal.redis.RedisTier;
import io.github.swrcache.core.metrics.SwrCacheMetrics;
import io.lettuce.core.AbstractRedisClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Creates and holds named {@link SwrCache caches} that share an in-process tier
 * configuration, executors, and (when configured) a shared Redis tier. Thread-safe. Build
 * one with {@link #builder()}; close it to stop the executors it created.
 */
public interface SwrCacheManager extends AutoCloseable {

	/**
	 * A builder with every default: in-process tier only, system clock.
	 * @return a new builder
	 */
	static Builder builder() {
		return new Builder();
	}

	/**
	 * Returns the cache {@code name}, creating it with the policy the builder set for
	 * that name ({@link Builder#cachePolicy}), else the manager's default policy.
	 * @param name the cache name
	 * @param valueType the declared type of the values
	 * @param <K> the key type
	 * @param <V> the value type
	 * @return the cache
	 * @throws IllegalArgumentException when the cache exists with another type or policy
	 */
	<K, V> SwrCache<K, V> cache(String name, Class<V> valueType);

	/**
	 * Returns the cache {@code name}, creating it with {@code policy}.
	 * @param name the cache name
	 * @param valueType the declared type of the values
	 * @param policy the cache's policy
	 * @param <K> the key type
	 * @param <V> the value type
	 * @return the cache
	 * @throws IllegalArgumentException when the cache exists with another type or policy
	 */
	<K, V> SwrCache<K, V> cache(String name, Class<V> valueType, CachePolicy policy);

	/**
	 * Returns the cache {@code name} for a generic value type such as
	 * {@code List<Product>}, creating it with {@code policy}.
	 * @param name the cache name
	 * @param valueType the declared (possibly parameterized) type of the values
	 * @param policy the cache's policy
	 * @param <K> the key type
	 * @param <V> the value type
	 * @return the cache
	 * @throws IllegalArgumentException when the cache exists with another type or policy
	 */
	<K, V> SwrCache<K, V> cache(String name, Type valueType, CachePolicy policy);

	/**
	 * Returns an existing cache.
	 * @param name the cache name
	 * @return the cache, or {@code null} when none of that name was created
	 */
	@Nullable SwrCache<?, ?> getCache(String name);

	/**
	 * The names of the caches created so far.
	 * @return an unmodifiable view of the names
	 */
	Collection<String> cacheNames();

	/**
	 * The state of the shared tier: connection, circuit breaker, bus, pending
	 * invalidations.
	 * @return the status, {@link RemoteStatus#NONE} without a shared tier
	 */
	RemoteStatus remoteStatus();

	/**
	 * This node's id, which tells its own bus messages from other nodes'.
	 * @return the node id
	 */
	String nodeId();

	/**
	 * Stops the executors and connections the manager created. Caches must not be used
	 * afterwards.
	 */
	@Override
	void close();

	/**
	 * The consistency checks of this manager's caches.
	 * @return the checks; {@link ConsistencyChecks#enabled() off} unless the manager was
	 * built with {@link Builder#consistencySampling(ConsistencySampling)}
	 */
	default ConsistencyChecks consistencyChecks() {
		return ConsistencyChecks.disabled();
	}

	/**
	 * Where listeners of the shared tier's events register: circuit breaker transitions
	 * and bus reconnects. The events of each cache are published by
	 * {@link SwrCache#eventPublisher()}.
	 * @return the manager's event publisher
	 */
	ManagerEventPublisher eventPublisher();

	/**
	 * Builds a {@link SwrCacheManager}. Setters validate at once.
	 */
	final class Builder {

		/** Default bound of each cache's in-process tier. */
		public static final long DEFAULT_LOCAL_MAX_ENTRIES = 10_000;

		/**
		 * Default bound on how long the in-process tier keeps an entry of a shared tier.
		 */
		public static final Duration DEFAULT_LOCAL_MAX_TTL = Duration.ofMinutes(1);

		/**
		 * Default time after which a background refresh is abandoned when the cache's
		 * policy has no {@code loadHardTimeout}.
		 */
		public static final Duration DEFAULT_REFRESH_TIMEOUT = Duration.ofSeconds(30);

		/** Default number of refresh threads. */
		public static final int DEFAULT_REFRESH_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

		/** Default number of refreshes that may wait for a refresh thread. */
		public static final int DEFAULT_REFRESH_QUEUE_CAPACITY = 1000;

		private Clock clock = Clock.systemUTC();

		private RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();

		private @Nullable RemoteTier remote;

		private @Nullable AbstractRedisClient redisClient;

		private RemoteOptions remoteOptions = RemoteOptions.defaults();

		private long localMaxEntries = DEFAULT_LOCAL_MAX_ENTRIES;

		private Duration localMaxTtl = DEFAULT_LOCAL_MAX_TTL;

		private Duration refreshTimeout = DEFAULT_REFRESH_TIMEOUT;

		private int refreshThreads = DEFAULT_REFRESH_THREADS;

		private int refreshQueueCapacity = DEFAULT_REFRESH_QUEUE_CAPACITY;

		private @Nullable Executor refreshExecutor;

		private @Nullable Executor loadExecutor;

		private CachePolicy defaultPolicy = CachePolicy.defaults();

		private final Map<String, CachePolicy> namedPolicies = new HashMap<>();

		private @Nullable String nodeId;

		private @Nullable MeterRegistry meterRegistry;

		private @Nullable ConsistencySampling consistencySampling;

		private final List<SwrCacheEventListener<CacheEvent>> cacheListeners = new ArrayList<>();

		private final List<SwrCacheEventListener<ManagerEvent>> managerListeners = new ArrayList<>();

		private Builder() {
		}

		/**
		 * Sets the clock that all windows are measured with; tests pass a fake one.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock must not be null");
			return this;
		}

		/**
		 * Sets the source of ttl jitter and early-refresh draws; it must be thread-safe.
		 * @param random the random generator
		 * @return this builder
		 */
		public Builder random(RandomGenerator random) {
			this.random = Objects.requireNonNull(random, "random must not be null");
			return this;
		}

		/**
		 * Shares the caches through Redis (L2), with default {@link RemoteOptions}.
		 * @param client a Lettuce {@code RedisClient} (standalone or Sentinel) or
		 * {@code RedisClusterClient}; it stays the caller's to shut down
		 * @return this builder
		 */
		public Builder remote(AbstractRedisClient client) {
			return remote(client, RemoteOptions.defaults());
		}

		/**
		 * Shares the caches through Redis (L2).
		 * @param client a Lettuce {@code RedisClient} (standalone or Sentinel) or
		 * {@code RedisClusterClient}; it stays the caller's to shut down
		 * @param options how to use Redis
		 * @return this builder
		 */
		public Builder remote(AbstractRedisClient client, RemoteOptions options) {
			this.redisClient = Objects.requireNonNull(client, "client must not be null");
			this.remoteOptions = Objects.requireNonNull(options, "options must not be null");
			this.remote = null;
			return this;
		}

		/**
		 * Sets the shared tier directly. Internal seam, for tiers other than Redis.
		 * @param remote the shared tier
		 * @return this builder
		 */
		public Builder remoteTier(RemoteTier remote) {
			this.remote = Objects.requireNonNull(remote, "remoteTier must not be null");
			this.redisClient = null;
			return this;
		}

		/**
		 * Sets the bound of each cache's in-process tier; 0 turns the in-process tier off
		 * (every read goes to the shared tier).
		 * @param maxEntries zero or a positive number of entries
		 * @return this builder
		 */
		public Builder localMaxEntries(long maxEntries) {
			if (maxEntries < 0) {
				throw new IllegalArgumentException("localMaxEntries must be zero or positive, was " + maxEntries);
			}
			this.localMaxEntries = maxEntries;
			return this;
		}

		/**
		 * Sets how long the in-process tier keeps an entry when a shared tier exists: the
		 * bound on staleness if an invalidation message is lost.
		 * @param maxTtl a positive duration
		 * @return this builder
		 */
		public Builder localMaxTtl(Duration maxTtl) {
			this.localMaxTtl = Checks.positive("localMaxTtl", maxTtl);
			return this;
		}

		/**
		 * Sets when a background refresh is abandoned if the cache's policy has no
		 * {@code loadHardTimeout}: its key can then be refreshed again, and whatever the
		 * abandoned load returns later is not stored.
		 * @param refreshTimeout a positive duration
		 * @return this builder
		 */
		public Builder refreshTimeout(Duration refreshTimeout) {
			this.refreshTimeout = Checks.positive("refreshTimeout", refreshTimeout);
			return this;
		}

		/**
		 * Sets the number of threads of the default refresh executor.
		 * @param threads a positive number
		 * @return this builder
		 */
		public Builder refreshThreads(int threads) {
			if (threads <= 0) {
				throw new IllegalArgumentException("refreshThreads must be positive, was " + threads);
			}
			this.refreshThreads = threads;
			return this;
		}

		/**
		 * Sets how many refreshes may wait for a thread of the default refresh executor;
		 * more are dropped and counted.
		 * @param capacity zero or a positive number
		 * @return this builder
		 */
		public Builder refreshQueueCapacity(int capacity) {
			if (capacity < 0) {
				throw new IllegalArgumentException("refreshQueueCapacity must be zero or positive, was " + capacity);
			}
			this.refreshQueueCapacity = capacity;
			return this;
		}

		/**
		 * Sets the executor of background refreshes instead of the default bounded one.
		 * It should be bounded and throw
		 * {@link java.util.concurrent.RejectedExecutionException} when full; the manager
		 * does not shut it down.
		 * @param executor the executor
		 * @return this builder
		 */
		public Builder refreshExecutor(Executor executor) {
			this.refreshExecutor = Objects.requireNonNull(executor, "refreshExecutor must not be null");
			return this;
		}

		/**
		 * Sets the executor that runs blocking loads a caller waits for with a timeout,
		 * and that asynchronous loaders receive; the manager does not shut it down.
		 * @param executor the executor
		 * @return this builder
		 */
		public Builder loadExecutor(Executor executor) {
			this.loadExecutor = Objects.requireNonNull(executor, "loadExecutor must not be null");
			return this;
		}

		/**
		 * Sets the policy of caches created without one.
		 * @param policy the policy
		 * @return this builder
		 */
		public Builder defaultPolicy(CachePolicy policy) {
			this.defaultPolicy = Objects.requireNonNull(policy, "defaultPolicy must not be null");
			return this;
		}

		/**
		 * Sets the policy that {@link SwrCacheManager#cache(String, Class)} creates the
		 * cache {@code name} with, in place of the default policy (the Spring Boot
		 * starter passes each {@code swr.cache.caches.<name>} policy here, so that a
		 * cache asked for by name alone has its configured policy).
		 * @param name the cache name
		 * @param policy the policy
		 * @return this builder
		 */
		public Builder cachePolicy(String name, CachePolicy policy) {
			DefaultSwrCacheManager.requireCacheName(name);
			this.namedPolicies.put(name, Objects.requireNonNull(policy, "policy must not be null"));
			return this;
		}

		/**
		 * Sets this node's id on the invalidation bus; a random one by default.
		 * @param nodeId a non-blank id
		 * @return this builder
		 */
		public Builder nodeId(String nodeId) {
			if (nodeId == null || nodeId.isBlank() || nodeId.contains("|")) {
				throw new IllegalArgumentException("nodeId must be non-blank and contain no '|', was " + nodeId);
			}
			this.nodeId = nodeId;
			return this;
		}

		/**
		 * Binds the meters of every cache to {@code registry} (requires Micrometer).
		 * @param registry the registry
		 * @return this builder
		 */
		public Builder meterRegistry(MeterRegistry registry) {
			this.meterRegistry = Objects.requireNonNull(registry, "meterRegistry must not be null");
			return this;
		}

		/**
		 * Builds the manager.
		 * @return the manager
		 */
		public SwrCacheManager build() {
			List<AutoCloseable> owned = new ArrayList<>();
			Executor refresh = this.refreshExecutor;
			if (refresh == null) {
				ThreadPoolExecutor pool = new ThreadPoolExecutor(this.refreshThreads, this.refreshThreads, 30,
						TimeUnit.SECONDS,
						(this.refreshQueueCapacity > 0) ? new ArrayBlockingQueue<>(this.refreshQueueCapacity)
								: new SynchronousQueue<>(),
						daemonThreads("swr-cache-refresh-"), new ThreadPoolExecutor.AbortPolicy());
				pool.allowCoreThreadTimeOut(true);
				owned.add(() -> {
					// Refreshes under way get a moment to finish before the tier closes.
					pool.shutdown();
					pool.awaitTermination(1, TimeUnit.SECONDS);
				});
				refresh = pool;
			}
			Executor load = this.loadExecutor;
			if (load == null) {
				ExecutorService pool = Executors.newCachedThreadPool(daemonThreads("swr-cache-load-"));
				owned.add(pool::shutdown);
				load = pool;
			}
			ScheduledExecutorService maintenance = Executors
				.newSingleThreadScheduledExecutor(daemonThreads("swr-cache-maintenance-"));
			owned.add(maintenance::shutdownNow);
			String node = (this.nodeId != null) ? this.nodeId : UUID.randomUUID().toString();
			ClusterClock clusterClock = new ClusterClock(this.clock);
			ManagerEvents events = new ManagerEvents(node, clusterClock);
			this.managerListeners.forEach(events::onEvent);
			RemoteTier tier = (this.redisClient != null)
					? RedisTier.connect(this.redisClient, this.remoteOptions, node, clusterClock, events)
					: (this.remote != null) ? this.remote : LocalOnlyTier.INSTANCE;
			owned.add(tier);
			ManagerContext context = new ManagerContext(clusterClock, this.random, tier, this.localMaxEntries,
					this.localMaxTtl, (this.redisClient != null) ? this.remoteOptions : RemoteOptions.defaults(),
					this.refreshTimeout, refresh, load, maintenance);
			Consumer<SwrCache<?, ?>> onCreate = (this.meterRegistry != null)
					? SwrCacheMetrics.binder(this.meterRegistry) : (cache) -> {
					};
			if (this.meterRegistry != null && this.consistencySampling != null) {
				onCreate = onCreate.andThen(SwrCacheMetrics.consistencyBinder(this.meterRegistry,
						(cache) -> ((DefaultSwrCache<?, ?>) cache).consistencyStatistics()));
			}
			if (!this.cacheListeners.isEmpty()) {
				List<SwrCacheEventListener<CacheEvent>> listeners = List.copyOf(this.cacheListeners);
				onCreate = onCreate.andThen((cache) -> listeners.forEach(cache.eventPublisher()::onEvent));
			}
			Map<String, CachePolicy> named = Map.copyOf(this.namedPolicies);
			CachePolicy fallback = this.defaultPolicy;
			return new DefaultSwrCacheManager(node, context, (name) -> named.getOrDefault(name, fallback), onCreate,
					owned, this.consistencySampling, events);
		}

		/**
		 * Turns on consistency sampling of every cache: a rate-limited background check
		 * that re-loads a small random sample of fresh entries and reports (and
		 * optionally repairs) those that drifted from the source.
		 * @param sampling the sampling settings
		 * @return this builder
		 * @see SwrCacheManager#consistencyChecks()
		 */
		public Builder consistencySampling(ConsistencySampling sampling) {
			this.consistencySampling = Objects.requireNonNull(sampling, "consistencySampling must not be null");
			return this;
		}

		/**
		 * Registers a listener of every event of every cache the manager creates, for
		 * caches created later (for example by {@code @SwrCacheable} on first use). For
		 * one cache, or for one type of event, register on
		 * {@link SwrCache#eventPublisher()} instead.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder cacheEventListener(SwrCacheEventListener<CacheEvent> listener) {
			this.cacheListeners.add(Objects.requireNonNull(listener, "cacheEventListener must not be null"));
			return this;
		}

		/**
		 * Registers a listener of the manager's shared-tier events (circuit transitions,
		 * bus reconnects) before the manager connects, so that none is missed.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder managerEventListener(SwrCacheEventListener<ManagerEvent> listener) {
			this.managerListeners.add(Objects.requireNonNull(listener, "managerEventListener must not be null"));
			return this;
		}

		private static ThreadFactory daemonThreads(String prefix) {
			AtomicInteger count = new AtomicInteger();
			return (runnable) -> {
				Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
				thread.setDaemon(true);
				return thread;
			};
		}

	}

}
