package io.github.swrcache.core.internal;

import java.time.Duration;

import io.github.swrcache.core.CachePolicy;
import io.github.swrcache.core.OnLockTimeout;

/**
 * The parts one cache is made of, shared by its read path and its load pipeline.
 *
 * @param <K> the key type
 * @param <V> the value type
 * @param name the cache's name
 * @param policy the cache's policy
 * @param windows computes the windows of new entries
 * @param earlyRefresh decides early refreshes of fresh entries
 * @param local the in-process tier
 * @param remote the shared tier's store of this cache
 * @param marks the tag and clear marks
 * @param flights the loads under way
 * @param counters the statistics
 * @param clock the cluster clock
 * @param lockWait how long a caller waits for another node's load
 * @param onLockTimeout what a caller does when that wait ends without a value
 * @param refreshTimeout when a refresh is abandoned if the policy has no hard timeout
 */
record CacheParts<K, V>(String name, CachePolicy policy, FreshnessWindows windows, EarlyRefresh earlyRefresh,
		LocalTier<K, V> local, RemoteStore<K, V> remote, TagMarks marks, SingleFlight<K, V> flights,
		CacheCounters counters, ClusterClock clock, Duration lockWait, OnLockTimeout onLockTimeout,
		Duration refreshTimeout) {

	/**
	 * Whether {@code entry} may be served as a fail-safe value when a load fails: inside
	 * its error window and not invalidated by a mark, or invalidated while the policy
	 * keeps invalidated values for fail-safe use (soft invalidation).
	 * @param entry the candidate
	 * @param now the current cluster time
	 * @return whether it is a fail-safe value
	 */
	boolean isFallback(CacheEntry<V> entry, long now) {
		return now < entry.errorUntil && (this.policy.softInvalidation() || this.marks.isValid(entry));
	}

	/**
	 * Whether {@code entry} is kept only as a fail-safe value after an invalidation, and
	 * so is not shown to the loader as the stale value.
	 * @param entry the candidate
	 * @return whether it was invalidated
	 */
	boolean isInvalidated(CacheEntry<V> entry) {
		return entry.isSoftened() || !this.marks.isValid(entry);
	}

}
