package io.github.swrcache.core.metrics;

import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import io.github.swrcache.core.ConsistencyStatistics;
import io.github.swrcache.core.SwrCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Binds one cache's consistency meters: {@value SwrCacheMetrics#CONSISTENCY_CHECKS}
 * {@code {result=match|drift|error}} and {@value SwrCacheMetrics#CONSISTENCY_DRIFT}. They
 * read the cache's statistics when scraped.
 */
final class ConsistencyMeterBinder implements MeterBinder {

	private final SwrCache<?, ?> cache;

	private final Function<SwrCache<?, ?>, @Nullable ConsistencyStatistics> statistics;

	ConsistencyMeterBinder(SwrCache<?, ?> cache, Function<SwrCache<?, ?>, @Nullable ConsistencyStatistics> statistics) {
		this.cache = cache;
		this.statistics = statistics;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		counter(registry, "match", "Consistency checks that found the served value right",
				ConsistencyStatistics::matches);
		counter(registry, "drift", "Consistency checks that found the served value drifted from the source",
				ConsistencyStatistics::drifts);
		counter(registry, "error", "Consistency checks whose re-load failed", ConsistencyStatistics::errors);
		// The cache is the meter's object: the registry holds it weakly, and the manager
		// keeps it.
		Gauge
			.builder(SwrCacheMetrics.CONSISTENCY_DRIFT, this.cache,
					(cache) -> read(cache, ConsistencyStatistics::driftRatio))
			.tag(SwrCacheMetrics.TAG_CACHE, this.cache.name())
			.description("Share of consistency checks that found a drifted entry, since start")
			.register(registry);
	}

	private void counter(MeterRegistry registry, String result, String description,
			ToDoubleFunction<ConsistencyStatistics> count) {
		FunctionCounter.builder(SwrCacheMetrics.CONSISTENCY_CHECKS, this.cache, (cache) -> read(cache, count))
			.tag(SwrCacheMetrics.TAG_CACHE, this.cache.name())
			.tag("result", result)
			.description(description)
			.register(registry);
	}

	private double read(SwrCache<?, ?> cache, ToDoubleFunction<ConsistencyStatistics> value) {
		ConsistencyStatistics current = this.statistics.apply(cache);
		return (current != null) ? value.applyAsDouble(current) : Double.NaN;
	}

}
