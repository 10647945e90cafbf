package io.github.swrcache.core;

import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * {@link ConsistencyChecks} of a manager that does not sample.
 */
enum DisabledConsistencyChecks implements ConsistencyChecks {

	INSTANCE;

	@Override
	public boolean enabled() {
		return false;
	}

	@Override
	public @Nullable ConsistencyStatistics statistics(String cacheName) {
		return null;
	}

	@Override
	public Collection<ConsistencyStatistics> statistics() {
		return List.of();
	}

	@Override
	public ConsistencyStatistics checkNow(String cacheName, int maxChecks) {
		throw new IllegalStateException("consistency sampling is off; build the manager with "
				+ "consistencySampling(...) or set swr.cache.consistency.enabled=true");
	}

}
