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

}
