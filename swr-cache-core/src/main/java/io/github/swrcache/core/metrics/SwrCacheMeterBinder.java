package io.github.swrcache.core.metrics;

import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

import io.github.swrcache.core.CacheStatistics;
import io.github.swrcache.core.SwrCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Binds one cache's meters: Micrometer's standard cache meters from its template
 * ({@code cache.gets{result=hit}} counts reads served from either tier, fresh or stale;
 * {@code result=miss} counts reads that waited for a load), plus the {@code swr.cache.*}
 * meters named in {@link SwrCacheMetrics}. Every meter reads the cache's counters when
 * scraped; nothing is recorded twice.
 */
public final class SwrCacheMeterBinder extends CacheMeterBinder<SwrCache<?, ?>> {

	private final SwrCache<?, ?> cache;

	/**
	 * Creates a binder.
	 * @param cache the cache
	 * @param tags extra tags of every meter
	 */
	public SwrCacheMeterBinder(SwrCache<?, ?> cache, Iterable<Tag> tags) {
		super(cache, cache.name(), tags);
		this.cache = cache;
	}

	@Override
	protected Long size() {
		return this.cache.statistics().localSize();
	}

	@Override
	protected long hitCount() {
		return this.cache.statistics().hits();
	}

	@Override
	protected Long missCount() {
		return this.cache.statistics().misses();
	}

	@Override
	protected Long evictionCount() {
		return this.cache.statistics().evictions();
	}

	@Override
	protected long putCount() {
		return this.cache.statistics().puts();
	}

	@Override
	protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
		counter(registry, SwrCacheMetrics.HITS, "tier", "local", "Reads served from the in-process tier",
				CacheStatistics::localHits);
		counter(registry, SwrCacheMetrics.HITS, "tier", "remote", "Reads served from the shared tier",
				CacheStatistics::remoteHits);
		counter(registry, SwrCacheMetrics.STALE_SERVED, null, null, "Reads served a stale value",
				CacheStatistics::staleServed);
		counter(registry, SwrCacheMetrics.LOADS, "result", "success", "Loader calls that returned",
				CacheStatistics::loadSuccesses);
		counter(registry, SwrCacheMetrics.LOADS, "result", "failure", "Loader calls that failed",
				CacheStatistics::loadFailures);
		counter(registry, SwrCacheMetrics.REFRESHES, "result", "success", "Background refreshes that stored a value",
				CacheStatistics::refreshSuccesses);
		counter(registry, SwrCacheMetrics.REFRESHES, "result", "failure", "Background refreshes that failed",
				CacheStatistics::refreshFailures);
		counter(registry, SwrCacheMetrics.REFRESHES, "result", "dropped",
				"Refreshes dropped because the refresh executor was full", CacheStatistics::refreshesDropped);
		counter(registry, SwrCacheMetrics.FAIL_SAFE_SERVED, null, null,
				"Reads served a fail-safe value after a failed or timed-out load", CacheStatistics::failSafeServed);
		counter(registry, SwrCacheMetrics.REMOTE_ERRORS, null, null, "Shared-tier commands that failed or timed out",
				CacheStatistics::remoteErrors);
		counter(registry, SwrCacheMetrics.REMOTE_BYPASSED, null, null,
				"Shared-tier calls skipped because the circuit was open or Redis not connected",
				CacheStatistics::remoteBypassed);
		counter(registry, SwrCacheMetrics.DECODE_FAILURES, null, null, "Shared-tier values that could not be decoded",
				CacheStatistics::decodeFailures);
		counter(registry, SwrCacheMetrics.OVERSIZE_VALUES, null, null,
				"Values kept in-process only for exceeding max-value-size", CacheStatistics::oversizeValues);
		counter(registry, SwrCacheMetrics.LOCKS, "result", "acquired", "Loads that took the key's lock",
				CacheStatistics::locksAcquired);
		counter(registry, SwrCacheMetrics.LOCKS, "result", "contended", "Loads that found the key locked elsewhere",
				CacheStatistics::locksContended);
		counter(registry, SwrCacheMetrics.LOCKS, "result", "timeout",
				"Waits for another node's load that ended without a value", CacheStatistics::lockWaitTimeouts);
		counter(registry, SwrCacheMetrics.REMOTE_RETRIES, "result", "success",
				"Shared-tier reads that succeeded when sent again after a connection reset",
				CacheStatistics::remoteRetrySuccesses);
		counter(registry, SwrCacheMetrics.REMOTE_RETRIES, "result", "failure",
				"Shared-tier reads that failed again when sent again after a connection reset",
				CacheStatistics::remoteRetryFailures);
		counter(registry, SwrCacheMetrics.EVENT_LISTENER_FAILURES, null, null, "Event listeners that threw",
				CacheStatistics::listenerFailures);
		FunctionTimer
			.<SwrCache<?, ?>>builder(SwrCacheMetrics.LOAD_DURATION, this.cache,
					(cache) -> cache.statistics().loadSuccesses() + cache.statistics().loadFailures(),
					(cache) -> cache.statistics().totalLoadTime().toNanos(), TimeUnit.NANOSECONDS)
			.tags(getTagsWithCacheName())
			.description("Time spent in loader calls")
			.register(registry);
	}

	private void counter(MeterRegistry registry, String name, @Nullable String tagKey, @Nullable String tagValue,
			String description, ToLongFunction<CacheStatistics> count) {
		FunctionCounter.Builder<SwrCache<?, ?>> builder = FunctionCounter
			.<SwrCache<?, ?>>builder(name, this.cache, (cache) -> count.applyAsLong(cache.statistics()))
			.tags(getTagsWithCacheName())
			.description(description);
		if (tagKey != null) {
			builder.tag(tagKey, tagValue);
		}
		builder.register(registry);
	}

}
