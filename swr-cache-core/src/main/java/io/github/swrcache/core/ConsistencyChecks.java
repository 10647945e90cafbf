package io.github.swrcache.core;

import java.util.Collection;

import org.jspecify.annotations.Nullable;

/**
 * The consistency checks of a manager's caches: their outcomes, and a way to run a pass
 * at once (operators, tests). Thread-safe.
 *
 * @see ConsistencySampling
 * @see SwrCacheManager#consistencyChecks()
 */
public interface ConsistencyChecks {

	/**
	 * Whether the manager samples its caches.
	 * @return {@code false} when it was built without {@link ConsistencySampling}
	 */
	boolean enabled();

	/**
	 * The outcomes of one cache's checks.
	 * @param cacheName the cache's name
	 * @return the statistics, or {@code null} when sampling is off or no such cache
	 * exists
	 */
	@Nullable ConsistencyStatistics statistics(String cacheName);

	/**
	 * The outcomes of every cache's checks.
	 * @return the statistics per cache, empty when sampling is off
	 */
	Collection<ConsistencyStatistics> statistics();

	/**
	 * Checks up to {@code maxChecks} of a cache's candidates in the calling thread,
	 * removing them from the reservoir, as a scheduled pass does.
	 * @param cacheName the cache's name
	 * @param maxChecks the most candidates to check, positive
	 * @return the cache's statistics after the pass
	 * @throws IllegalStateException when sampling is off
	 * @throws IllegalArgumentException when no such cache exists or {@code maxChecks} is
	 * not positive
	 */
	ConsistencyStatistics checkNow(String cacheName, int maxChecks);

	/**
	 * The checks of a manager built without {@link ConsistencySampling}.
	 * @return checks that are off
	 */
	static ConsistencyChecks disabled() {
		return DisabledConsistencyChecks.INSTANCE;
	}

}
