package io.github.swrcache.core;

import java.time.Duration;

/**
 * A snapshot of one cache's counters since it was created.
 *
 * @param localHits reads served from the in-process tier (fresh or stale)
 * @param remoteHits reads served from the shared tier (fresh or stale)
 * @param misses reads that waited for a load
 * @param staleServed reads that were served a stale value
 * @param loadSuccesses loads that returned (refreshes included)
 * @param loadFailures loads that threw or timed out (refreshes included)
 * @param totalLoadTime time spent in successful and failed loads
 * @param loadTimeP99 the load time that 99 % of loads stayed under (within 25 %)
 * @param refreshSuccesses background refreshes that stored a value
 * @param refreshFailures background refreshes that failed
 * @param refreshesDropped refreshes not run because the refresh executor was full
 * @param failSafeServed reads served a fail-safe value after a load failed or timed out
 * @param puts values stored by loads and explicit puts
 * @param evictions invalidations by key, and entries evicted from the in-process tier for
 * size (tag and whole-cache invalidations are O(1) marks and count no entries)
 * @param localSize approximate number of entries in the in-process tier
 * @param remoteErrors shared-tier commands that failed or timed out
 * @param remoteBypassed shared-tier calls skipped because the circuit was open or Redis
 * not yet connected
 * @param decodeFailures shared-tier values that could not be decoded (deleted, reloaded)
 * @param oversizeValues values kept in-process only for exceeding max-value-size
 * @param locksAcquired loads that took the key's distributed lock
 * @param locksContended loads that found the key's lock held by another node
 * @param lockWaitTimeouts waits for another node's load that ended without a value
 * @param remoteRetrySuccesses idempotent shared-tier reads that failed on a reset
 * connection and succeeded when sent once more
 * @param remoteRetryFailures idempotent shared-tier reads whose second attempt failed too
 * @param listenerFailures event listeners that threw (the events were skipped for them)
 */
public record CacheStatistics(long localHits, long remoteHits, long misses, long staleServed, long loadSuccesses,
		long loadFailures, Duration totalLoadTime, Duration loadTimeP99, long refreshSuccesses, long refreshFailures,
		long refreshesDropped, long failSafeServed, long puts, long evictions, long localSize, long remoteErrors,
		long remoteBypassed, long decodeFailures, long oversizeValues, long locksAcquired, long locksContended,
		long lockWaitTimeouts, long remoteRetrySuccesses, long remoteRetryFailures, long listenerFailures) {

	/**
	 * Reads served without waiting for a load.
	 * @return local plus remote hits
	 */
	public long hits() {
		return this.localHits + this.remoteHits;
	}

	/**
	 * The share of reads served without waiting for a load.
	 * @return hits over all reads, or {@code NaN} before the first read
	 */
	public double hitRatio() {
		long requests = hits() + this.misses;
		return (requests == 0) ? Double.NaN : (double) hits() / requests;
	}

	/**
	 * The mean time of a load.
	 * @return total load time over loads, or zero before the first load
	 */
	public Duration averageLoadTime() {
		long loads = this.loadSuccesses + this.loadFailures;
		return (loads == 0) ? Duration.ZERO : this.totalLoadTime.dividedBy(loads);
	}

}
