package io.github.swrcache.core.metrics;

import java.util.function.Consumer;
import java.util.function.Function;

import io.github.swrcache.core.ConsistencyStatistics;
import io.github.swrcache.core.SwrCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.jspecify.annotations.Nullable;

/**
 * The names of swr-cache's own meters, next to Micrometer's cache conventions
 * ({@code cache.gets}, {@code cache.puts}, {@code cache.evictions}, {@code cache.size},
 * tag {@code cache}). Every meter carries the tag {@code cache}; no tag value comes from
 * keys or values.
 */
public final class SwrCacheMetrics {

	/** Reads served without a load, by tier: tag {@code tier} = {@code local|remote}. */
	public static final String HITS = "swr.cache.hits";

	/** Reads served a stale value while a refresh runs. */
	public static final String STALE_SERVED = "swr.cache.stale.served";

	/** Loader calls, tag {@code result} = {@code success|failure}. */
	public static final String LOADS = "swr.cache.loads";

	/** Time spent in loader calls (count and total). */
	public static final String LOAD_DURATION = "swr.cache.load.duration";

	/** Background refreshes, tag {@code result} = {@code success|failure|dropped}. */
	public static final String REFRESHES = "swr.cache.refreshes";

	/** Reads served a fail-safe value after a load failed or timed out. */
	public static final String FAIL_SAFE_SERVED = "swr.cache.failsafe.served";

	/**
	 * Shared-tier commands that failed or timed out (the read or write went on without).
	 */
	public static final String REMOTE_ERRORS = "swr.cache.remote.errors";

	/** Shared-tier calls skipped because the circuit was open or Redis not connected. */
	public static final String REMOTE_BYPASSED = "swr.cache.remote.bypassed";

	/** Shared-tier values that could not be decoded: deleted and reloaded. */
	public static final String DECODE_FAILURES = "swr.cache.decode.failures";

	/** Values kept in-process only because they exceed max-value-size. */
	public static final String OVERSIZE_VALUES = "swr.cache.oversize.values";

	/**
	 * Distributed lock outcomes of loads, tag {@code result} =
	 * {@code acquired|contended|timeout}.
	 */
	public static final String LOCKS = "swr.cache.locks";

	/**
	 * Idempotent shared-tier reads sent once more after a connection reset, tag
	 * {@code result} = {@code success|failure} (the outcome of the second attempt).
	 */
	public static final String REMOTE_RETRIES = "swr.cache.remote.retries";

	/** Event listeners that threw; the event was skipped for them. */
	public static final String EVENT_LISTENER_FAILURES = "swr.cache.event.listener.failures";

	/** The tag that names the cache. */
	public static final String TAG_CACHE = "cache";

	private SwrCacheMetrics() {
	}

	/**
	 * A callback that binds each new cache's meters to {@code registry}.
	 * @param registry the registry
	 * @return the binding callback
	 */
	public static Consumer<SwrCache<?, ?>> binder(MeterRegistry registry) {
		return (cache) -> new SwrCacheMeterBinder(cache, Tags.empty()).bindTo(registry);
	}

	/**
	 * Consistency checks, tag {@code result} = {@code match|drift|error}.
	 */
	public static final String CONSISTENCY_CHECKS = "swr.cache.consistency.checks";

	/**
	 * Share of consistency checks that found a drifted entry since the cache was created:
	 * {@code drift / (match + drift)}, 0 before the first.
	 */
	public static final String CONSISTENCY_DRIFT = "swr.cache.consistency.drift";

	/**
	 * A callback that binds each new cache's consistency meters to {@code registry}.
	 * @param registry the registry
	 * @param statistics the consistency statistics of a cache, {@code null} when it is
	 * not sampled
	 * @return the binding callback
	 */
	public static Consumer<SwrCache<?, ?>> consistencyBinder(MeterRegistry registry,
			Function<SwrCache<?, ?>, @Nullable ConsistencyStatistics> statistics) {
		return (cache) -> {
			if (statistics.apply(cache) != null) {
				new ConsistencyMeterBinder(cache, statistics).bindTo(registry);
			}
		};
	}

}
