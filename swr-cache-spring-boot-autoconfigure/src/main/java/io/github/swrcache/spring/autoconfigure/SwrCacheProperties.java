package io.github.swrcache.spring.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.swrcache.core.CachePolicy;
import io.github.swrcache.core.CircuitBreakerSettings;
import io.github.swrcache.core.ConsistencySampling;
import io.github.swrcache.core.OnLockTimeout;
import io.github.swrcache.core.RemoteOptions;
import io.github.swrcache.core.SwrCacheManager;
import io.github.swrcache.core.warmup.WarmUpRunner;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of swr-cache ({@code swr.cache.*}). Every default is the
 * matching {@code DEFAULT_*} constant of swr-cache-core. Values are validated when the
 * cache manager is created; an invalid one fails start-up with a message that names the
 * property.
 */
@ConfigurationProperties("swr.cache")
public class SwrCacheProperties {

	/**
	 * Prefix every Redis key and the invalidation channel with this text; use one per
	 * application sharing a Redis.
	 */
	private String keyPrefix = RemoteOptions.DEFAULT_KEY_PREFIX;

	/**
	 * Configure the policy of every cache that has no override under
	 * 'swr.cache.caches.<name>'.
	 */
	private final Defaults defaults = new Defaults();

	/**
	 * Override the defaults per cache name; an unset key falls back to
	 * 'swr.cache.defaults'.
	 */
	private final Map<String, Cache> caches = new LinkedHashMap<>();

	private final Local local = new Local();

	private final Redis redis = new Redis();

	private final Refresh refresh = new Refresh();

	private final WarmUp warmUp = new WarmUp();

	private final Consistency consistency = new Consistency();

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	public Defaults getDefaults() {
		return this.defaults;
	}

	public Map<String, Cache> getCaches() {
		return this.caches;
	}

	public Local getLocal() {
		return this.local;
	}

	public Redis getRedis() {
		return this.redis;
	}

	public Refresh getRefresh() {
		return this.refresh;
	}

	/**
	 * The policy of every cache that has no override.
	 */
	public static class Defaults {

		/**
		 * Keep an entry fresh, served as is, for this long.
		 */
		private Duration ttl = CachePolicy.DEFAULT_TTL;

		/**
		 * Serve a stale entry at once for this long after 'ttl', while one refresh runs
		 * in the cluster.
		 */
		private Duration staleWhileRevalidate = CachePolicy.DEFAULT_STALE_WHILE_REVALIDATE;

		/**
		 * Keep an entry for this long after the stale window, served only when a load
		 * fails or times out.
		 */
		private Duration staleIfError = CachePolicy.DEFAULT_STALE_IF_ERROR;

		/**
		 * Add or remove this fraction of 'ttl' at random, from 0 up to, not including, 1.
		 */
		private double jitter = CachePolicy.DEFAULT_JITTER;

		/**
		 * Whether hot entries are refreshed shortly before 'ttl' ends (XFetch).
		 */
		private boolean earlyRefresh = CachePolicy.DEFAULT_EARLY_REFRESH;

		/**
		 * Give a caller that waits for a load its fail-safe value after this time, while
		 * the load goes on; 0 for no limit.
		 */
		private @Nullable Duration loadTimeout = CachePolicy.DEFAULT_LOAD_TIMEOUT;

		/**
		 * Stop waiting for a load after this time; 0 or unset for no limit.
		 */
		private @Nullable Duration loadHardTimeout = CachePolicy.DEFAULT_LOAD_HARD_TIMEOUT;

		/**
		 * Stop reloading a key for this long after a failed load served a fail-safe
		 * value.
		 */
		private Duration failSafeThrottle = CachePolicy.DEFAULT_FAIL_SAFE_THROTTLE;

		/**
		 * Whether a null result of the loader is cached.
		 */
		private boolean cacheNulls = CachePolicy.DEFAULT_CACHE_NULLS;

		/**
		 * Keep a cached null fresh for this long.
		 */
		private Duration nullTtl = CachePolicy.DEFAULT_NULL_TTL;

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

		public Duration getStaleWhileRevalidate() {
			return this.staleWhileRevalidate;
		}

		public void setStaleWhileRevalidate(Duration staleWhileRevalidate) {
			this.staleWhileRevalidate = staleWhileRevalidate;
		}

		public Duration getStaleIfError() {
			return this.staleIfError;
		}

		public void setStaleIfError(Duration staleIfError) {
			this.staleIfError = staleIfError;
		}

		public double getJitter() {
			return this.jitter;
		}

		public void setJitter(double jitter) {
			this.jitter = jitter;
		}

		public boolean isEarlyRefresh() {
			return this.earlyRefresh;
		}

		public void setEarlyRefresh(boolean earlyRefresh) {
			this.earlyRefresh = earlyRefresh;
		}

		public @Nullable Duration getLoadTimeout() {
			return this.loadTimeout;
		}

		public void setLoadTimeout(@Nullable Duration loadTimeout) {
			this.loadTimeout = loadTimeout;
		}

		public @Nullable Duration getLoadHardTimeout() {
			return this.loadHardTimeout;
		}

		public void setLoadHardTimeout(@Nullable Duration loadHardTimeout) {
			this.loadHardTimeout = loadHardTimeout;
		}

		public Duration getFailSafeThrottle() {
			return this.failSafeThrottle;
		}

		public void setFailSafeThrottle(Duration failSafeThrottle) {
			this.failSafeThrottle = failSafeThrottle;
		}

		public boolean isCacheNulls() {
			return this.cacheNulls;
		}

		public void setCacheNulls(boolean cacheNulls) {
			this.cacheNulls = cacheNulls;
		}

		public Duration getNullTtl() {
			return this.nullTtl;
		}

		public void setNullTtl(Duration nullTtl) {
			this.nullTtl = nullTtl;
		}

		/**
		 * Whether an invalidated value (by key, tag or clear) is kept as a fail-safe
		 * value: never served as fresh or stale again, only while its reload fails or
		 * times out, until the end of its 'stale-if-error' window.
		 */
		private boolean softInvalidation = CachePolicy.DEFAULT_SOFT_INVALIDATION;

		public boolean isSoftInvalidation() {
			return this.softInvalidation;
		}

		public void setSoftInvalidation(boolean softInvalidation) {
			this.softInvalidation = softInvalidation;
		}

	}

	/**
	 * Overrides of one cache; each unset value falls back to {@link Defaults}.
	 */
	public static class Cache {

		/**
		 * Keep an entry fresh, served as is, for this long.
		 */
		private @Nullable Duration ttl;

		/**
		 * Serve a stale entry at once for this long after 'ttl', while one refresh runs
		 * in the cluster.
		 */
		private @Nullable Duration staleWhileRevalidate;

		/**
		 * Keep an entry for this long after the stale window, served only when a load
		 * fails or times out.
		 */
		private @Nullable Duration staleIfError;

		/**
		 * Add or remove this fraction of 'ttl' at random, from 0 up to, not including, 1.
		 */
		private @Nullable Double jitter;

		/**
		 * Whether hot entries are refreshed shortly before 'ttl' ends (XFetch).
		 */
		private @Nullable Boolean earlyRefresh;

		/**
		 * Give a caller that waits for a load its fail-safe value after this time, while
		 * the load goes on; 0 for no limit, even when 'swr.cache.defaults.load-timeout'
		 * sets one.
		 */
		private @Nullable Duration loadTimeout;

		/**
		 * Stop waiting for a load after this time; 0 for no limit, even when
		 * 'swr.cache.defaults.load-hard-timeout' sets one.
		 */
		private @Nullable Duration loadHardTimeout;

		/**
		 * Stop reloading a key for this long after a failed load served a fail-safe
		 * value.
		 */
		private @Nullable Duration failSafeThrottle;

		/**
		 * Whether a null result of the loader is cached.
		 */
		private @Nullable Boolean cacheNulls;

		/**
		 * Keep a cached null fresh for this long.
		 */
		private @Nullable Duration nullTtl;

		/**
		 * Store the values of the Spring CacheManager adapter in this cache as this
		 * class, so that they come back from Redis as that class; annotated methods use
		 * their return type instead.
		 */
		private @Nullable Class<?> valueType;

		public @Nullable Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(@Nullable Duration ttl) {
			this.ttl = ttl;
		}

		public @Nullable Duration getStaleWhileRevalidate() {
			return this.staleWhileRevalidate;
		}

		public void setStaleWhileRevalidate(@Nullable Duration staleWhileRevalidate) {
			this.staleWhileRevalidate = staleWhileRevalidate;
		}

		public @Nullable Duration getStaleIfError() {
			return this.staleIfError;
		}

		public void setStaleIfError(@Nullable Duration staleIfError) {
			this.staleIfError = staleIfError;
		}

		public @Nullable Double getJitter() {
			return this.jitter;
		}

		public void setJitter(@Nullable Double jitter) {
			this.jitter = jitter;
		}

		public @Nullable Boolean getEarlyRefresh() {
			return this.earlyRefresh;
		}

		public void setEarlyRefresh(@Nullable Boolean earlyRefresh) {
			this.earlyRefresh = earlyRefresh;
		}

		public @Nullable Duration getLoadTimeout() {
			return this.loadTimeout;
		}

		public void setLoadTimeout(@Nullable Duration loadTimeout) {
			this.loadTimeout = loadTimeout;
		}

		public @Nullable Duration getLoadHardTimeout() {
			return this.loadHardTimeout;
		}

		public void setLoadHardTimeout(@Nullable Duration loadHardTimeout) {
			this.loadHardTimeout = loadHardTimeout;
		}

		public @Nullable Duration getFailSafeThrottle() {
			return this.failSafeThrottle;
		}

		public void setFailSafeThrottle(@Nullable Duration failSafeThrottle) {
			this.failSafeThrottle = failSafeThrottle;
		}

		public @Nullable Boolean getCacheNulls() {
			return this.cacheNulls;
		}

		public void setCacheNulls(@Nullable Boolean cacheNulls) {
			this.cacheNulls = cacheNulls;
		}

		public @Nullable Duration getNullTtl() {
			return this.nullTtl;
		}

		public void setNullTtl(@Nullable Duration nullTtl) {
			this.nullTtl = nullTtl;
		}

		public @Nullable Class<?> getValueType() {
			return this.valueType;
		}

		public void setValueType(@Nullable Class<?> valueType) {
			this.valueType = valueType;
		}

		/**
		 * Whether an invalidated value (by key, tag or clear) is kept as a fail-safe
		 * value: never served as fresh or stale again, only while its reload fails or
		 * times out, until the end of its 'stale-if-error' window.
		 */
		private @Nullable Boolean softInvalidation;

		public @Nullable Boolean getSoftInvalidation() {
			return this.softInvalidation;
		}

		public void setSoftInvalidation(@Nullable Boolean softInvalidation) {
			this.softInvalidation = softInvalidation;
		}

	}

	/**
	 * The in-process (Caffeine) tier.
	 */
	public static class Local {

		/**
		 * Limit each cache's in-process tier to this number of entries; 0 turns that tier
		 * off, so that every read goes to Redis.
		 */
		private long maxEntries = SwrCacheManager.Builder.DEFAULT_LOCAL_MAX_ENTRIES;

		/**
		 * Keep an entry of Redis in the in-process tier for at most this long: the bound
		 * on staleness if an invalidation message is lost.
		 */
		private Duration maxTtl = SwrCacheManager.Builder.DEFAULT_LOCAL_MAX_TTL;

		public long getMaxEntries() {
			return this.maxEntries;
		}

		public void setMaxEntries(long maxEntries) {
			this.maxEntries = maxEntries;
		}

		public Duration getMaxTtl() {
			return this.maxTtl;
		}

		public void setMaxTtl(Duration maxTtl) {
			this.maxTtl = maxTtl;
		}

	}

	/**
	 * The shared Redis tier, connected through Spring Boot's 'spring.data.redis.*'.
	 */
	public static class Redis {

		/**
		 * Whether caches are shared through Redis when Spring Data Redis with Lettuce is
		 * available.
		 */
		private boolean enabled = true;

		/**
		 * Limit each Redis command of the cache to this time; a slower one counts as a
		 * Redis error and the read goes on without Redis.
		 */
		private Duration commandTimeout = RemoteOptions.DEFAULT_COMMAND_TIMEOUT;

		/**
		 * Write entries up to this size to Redis; larger values stay in-process.
		 */
		private DataSize maxValueSize = DataSize.ofBytes(RemoteOptions.DEFAULT_MAX_VALUE_SIZE);

		/**
		 * Compress values in Redis from this payload size on; 0 turns compression off.
		 */
		private DataSize compressionThreshold = DataSize.ofBytes(RemoteOptions.DEFAULT_COMPRESSION_THRESHOLD);

		/**
		 * Put this version in every Redis key; bump it to orphan every entry written
		 * before, for example after an incompatible change of cached classes.
		 */
		private int keyVersion = RemoteOptions.DEFAULT_KEY_VERSION;

		/**
		 * Keep at most this many invalidations per cache while Redis is unreachable, to
		 * resend when it is back; beyond that they are replaced by one whole-cache
		 * invalidation.
		 */
		private int maxPendingInvalidations = RemoteOptions.DEFAULT_MAX_PENDING_INVALIDATIONS;

		private final Lock lock = new Lock();

		private final Retry retry = new Retry();

		private final CircuitBreaker circuitBreaker = new CircuitBreaker();

		public int getMaxPendingInvalidations() {
			return this.maxPendingInvalidations;
		}

		public void setMaxPendingInvalidations(int maxPendingInvalidations) {
			this.maxPendingInvalidations = maxPendingInvalidations;
		}

		public CircuitBreaker getCircuitBreaker() {
			return this.circuitBreaker;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getCommandTimeout() {
			return this.commandTimeout;
		}

		public void setCommandTimeout(Duration commandTimeout) {
			this.commandTimeout = commandTimeout;
		}

		public DataSize getMaxValueSize() {
			return this.maxValueSize;
		}

		public void setMaxValueSize(DataSize maxValueSize) {
			this.maxValueSize = maxValueSize;
		}

		public DataSize getCompressionThreshold() {
			return this.compressionThreshold;
		}

		public void setCompressionThreshold(DataSize compressionThreshold) {
			this.compressionThreshold = compressionThreshold;
		}

		public int getKeyVersion() {
			return this.keyVersion;
		}

		public void setKeyVersion(int keyVersion) {
			this.keyVersion = keyVersion;
		}

		public Lock getLock() {
			return this.lock;
		}

		public Retry getRetry() {
			return this.retry;
		}

	}

	/**
	 * The circuit breaker in front of Redis: while it is open, Redis is bypassed and
	 * callers are served by the in-process tier and the loaders.
	 */
	public static class CircuitBreaker {

		/**
		 * Open the circuit when this percentage of the recent Redis commands failed.
		 */
		private float failureRateThreshold = CircuitBreakerSettings.DEFAULT_FAILURE_RATE_THRESHOLD;

		/**
		 * Open the circuit when this percentage of the recent Redis commands were slow.
		 */
		private float slowCallRateThreshold = CircuitBreakerSettings.DEFAULT_SLOW_CALL_RATE_THRESHOLD;

		/**
		 * Count a Redis command slower than this as slow.
		 */
		private Duration slowCallDuration = CircuitBreakerSettings.DEFAULT_SLOW_CALL_DURATION;

		/**
		 * Take the rates over this many recent Redis commands.
		 */
		private int slidingWindowSize = CircuitBreakerSettings.DEFAULT_SLIDING_WINDOW_SIZE;

		/**
		 * Require this many recent Redis commands before the circuit can open.
		 */
		private int minimumCalls = CircuitBreakerSettings.DEFAULT_MINIMUM_CALLS;

		/**
		 * Keep the circuit open this long before probing Redis again.
		 */
		private Duration waitInOpenState = CircuitBreakerSettings.DEFAULT_WAIT_IN_OPEN_STATE;

		/**
		 * Decide with this many probe commands whether the circuit closes again.
		 */
		private int halfOpenCalls = CircuitBreakerSettings.DEFAULT_HALF_OPEN_CALLS;

		public float getFailureRateThreshold() {
			return this.failureRateThreshold;
		}

		public void setFailureRateThreshold(float failureRateThreshold) {
			this.failureRateThreshold = failureRateThreshold;
		}

		public float getSlowCallRateThreshold() {
			return this.slowCallRateThreshold;
		}

		public void setSlowCallRateThreshold(float slowCallRateThreshold) {
			this.slowCallRateThreshold = slowCallRateThreshold;
		}

		public Duration getSlowCallDuration() {
			return this.slowCallDuration;
		}

		public void setSlowCallDuration(Duration slowCallDuration) {
			this.slowCallDuration = slowCallDuration;
		}

		public int getSlidingWindowSize() {
			return this.slidingWindowSize;
		}

		public void setSlidingWindowSize(int slidingWindowSize) {
			this.slidingWindowSize = slidingWindowSize;
		}

		public int getMinimumCalls() {
			return this.minimumCalls;
		}

		public void setMinimumCalls(int minimumCalls) {
			this.minimumCalls = minimumCalls;
		}

		public Duration getWaitInOpenState() {
			return this.waitInOpenState;
		}

		public void setWaitInOpenState(Duration waitInOpenState) {
			this.waitInOpenState = waitInOpenState;
		}

		public int getHalfOpenCalls() {
			return this.halfOpenCalls;
		}

		public void setHalfOpenCalls(int halfOpenCalls) {
			this.halfOpenCalls = halfOpenCalls;
		}

	}

	/**
	 * The distributed lock that makes one node of the cluster load a missing key.
	 */
	public static class Lock {

		/**
		 * Lease a key's lock for this long; a load slower than half of it renews it.
		 */
		private Duration lease = RemoteOptions.DEFAULT_LOCK_LEASE;

		/**
		 * Wait this long for another node's load of a locked key.
		 */
		private Duration wait = RemoteOptions.DEFAULT_LOCK_WAIT;

		/**
		 * Choose what a caller does when the lock wait ends without a value.
		 */
		private OnLockTimeout onLockTimeout = RemoteOptions.DEFAULT_ON_LOCK_TIMEOUT;

		public Duration getLease() {
			return this.lease;
		}

		public void setLease(Duration lease) {
			this.lease = lease;
		}

		public Duration getWait() {
			return this.wait;
		}

		public void setWait(Duration wait) {
			this.wait = wait;
		}

		public OnLockTimeout getOnLockTimeout() {
			return this.onLockTimeout;
		}

		public void setOnLockTimeout(OnLockTimeout onLockTimeout) {
			this.onLockTimeout = onLockTimeout;
		}

	}

	/**
	 * The bounded executor of background refreshes.
	 */
	public static class Refresh {

		/**
		 * Run background refreshes on this number of threads.
		 */
		private int threads = SwrCacheManager.Builder.DEFAULT_REFRESH_THREADS;

		/**
		 * Let this number of refreshes wait for a thread; more are dropped and counted.
		 */
		private int queueCapacity = SwrCacheManager.Builder.DEFAULT_REFRESH_QUEUE_CAPACITY;

		/**
		 * Abandon a background refresh after this time when the cache has no 'load-hard-
		 * timeout'.
		 */
		private Duration timeout = SwrCacheManager.Builder.DEFAULT_REFRESH_TIMEOUT;

		public int getThreads() {
			return this.threads;
		}

		public void setThreads(int threads) {
			this.threads = threads;
		}

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	public WarmUp getWarmUp() {
		return this.warmUp;
	}

	public Consistency getConsistency() {
		return this.consistency;
	}

	/**
	 * Warm-up of the caches by the application's CacheWarmer beans.
	 */
	public static class WarmUp {

		/**
		 * Whether to run the CacheWarmer beans at start-up and on their schedules.
		 */
		private boolean enabled = true;

		/**
		 * Whether the application reports readiness (accepting traffic) only once the
		 * start-up warm-up ended; otherwise it runs in the background.
		 */
		private boolean waitForReadiness;

		/**
		 * Stop waiting for the start-up warm-up after this time when 'wait-for-readiness'
		 * is on; the warm-up goes on in the background.
		 */
		private Duration readinessTimeout = Duration.ofMinutes(10);

		/**
		 * Read this number of keys with one bulk read (and load at most this many with
		 * one loader call).
		 */
		private int batchSize = WarmUpRunner.DEFAULT_BATCH_SIZE;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isWaitForReadiness() {
			return this.waitForReadiness;
		}

		public void setWaitForReadiness(boolean waitForReadiness) {
			this.waitForReadiness = waitForReadiness;
		}

		public Duration getReadinessTimeout() {
			return this.readinessTimeout;
		}

		public void setReadinessTimeout(Duration readinessTimeout) {
			this.readinessTimeout = readinessTimeout;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

	}

	/**
	 * Consistency sampling: background re-loads of a few fresh entries, compared with
	 * what the cache serves.
	 */
	public static class Consistency {

		/**
		 * Whether to sample fresh entries, re-load them and report drift from the source.
		 */
		private boolean enabled;

		/**
		 * Make a fresh in-process hit a candidate with this probability, more than 0 and
		 * at most 1.
		 */
		private double sampleProbability = ConsistencySampling.DEFAULT_PROBABILITY;

		/**
		 * Check at most this number of candidates per cache and interval.
		 */
		private int checksPerInterval = ConsistencySampling.DEFAULT_CHECKS_PER_INTERVAL;

		/**
		 * Run a pass of checks this often.
		 */
		private Duration interval = ConsistencySampling.DEFAULT_INTERVAL;

		/**
		 * Keep at most this number of candidates per cache between passes.
		 */
		private int maxCandidates = ConsistencySampling.DEFAULT_MAX_CANDIDATES;

		/**
		 * Whether to replace a drifted entry with the re-loaded value, on every node.
		 */
		private boolean repair;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public double getSampleProbability() {
			return this.sampleProbability;
		}

		public void setSampleProbability(double sampleProbability) {
			this.sampleProbability = sampleProbability;
		}

		public int getChecksPerInterval() {
			return this.checksPerInterval;
		}

		public void setChecksPerInterval(int checksPerInterval) {
			this.checksPerInterval = checksPerInterval;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public int getMaxCandidates() {
			return this.maxCandidates;
		}

		public void setMaxCandidates(int maxCandidates) {
			this.maxCandidates = maxCandidates;
		}

		public boolean isRepair() {
			return this.repair;
		}

		public void setRepair(boolean repair) {
			this.repair = repair;
		}

	}

	/**
	 * The retry of idempotent Redis reads whose connection was reset.
	 */
	public static class Retry {

		/**
		 * Whether an idempotent Redis read (an entry, many entries, the marks, the
		 * miss-check with this load's lock token) that failed because its connection was
		 * reset or closed is sent once more, within the command timeout. Timeouts and
		 * error replies are never retried.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
