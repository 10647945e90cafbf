package io.github.swrcache.core.internal;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.random.RandomGenerator;

import io.github.swrcache.core.RemoteOptions;

/**
 * What every cache of one manager shares.
 *
 * @param clock the cluster clock
 * @param random the source of jitter and early-refresh draws
 * @param remote the shared tier, or {@link LocalOnlyTier}
 * @param localMaxEntries the bound of each cache's in-process tier
 * @param localMaxTtl how long the in-process tier keeps an entry when a shared tier
 * exists
 * @param remoteOptions the shared tier's lock settings
 * @param refreshTimeout when a refresh is abandoned if the policy has no hard timeout
 * @param refreshExecutor runs background refreshes; bounded, rejects when full
 * @param loadExecutor runs loads that a caller waits for with a timeout
 * @param maintenance runs periodic housekeeping (freeing expired in-process entries)
 */
public record ManagerContext(ClusterClock clock, RandomGenerator random, RemoteTier remote, long localMaxEntries,
		Duration localMaxTtl, RemoteOptions remoteOptions, Duration refreshTimeout, Executor refreshExecutor,
		Executor loadExecutor, ScheduledExecutorService maintenance) {

}
