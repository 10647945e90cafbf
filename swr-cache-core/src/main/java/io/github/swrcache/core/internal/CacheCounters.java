package io.github.swrcache.core.internal;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

import io.github.swrcache.core.CacheStatistics;

/**
 * The counters of one cache. {@link LongAdder}s, so that counting on the hot path neither
 * locks nor contends.
 */
final class CacheCounters {

	final LongAdder localHits = new LongAdder();

	final LongAdder remoteHits = new LongAdder();

	final LongAdder misses = new LongAdder();

	final LongAdder staleServed = new LongAdder();

	final LongAdder loadSuccesses = new LongAdder();

	final LongAdder loadFailures = new LongAdder();

	final LongAdder loadNanos = new LongAdder();

	final LongAdder refreshSuccesses = new LongAdder();

	final LongAdder refreshFailures = new LongAdder();

	final LongAdder refreshesDropped = new LongAdder();

	final LongAdder failSafeServed = new LongAdder();

	final LongAdder puts = new LongAdder();

	final LongAdder evictions = new LongAdder();

	void recordLoad(boolean success, long nanos) {
		(success ? this.loadSuccesses : this.loadFailures).increment();
		this.loadNanos.add(nanos);
	}

	void recordRefresh(boolean success) {
		(success ? this.refreshSuccesses : this.refreshFailures).increment();
	}

	CacheStatistics snapshot(long localSize) {
		return new CacheStatistics(this.localHits.sum(), this.remoteHits.sum(), this.misses.sum(),
				this.staleServed.sum(), this.loadSuccesses.sum(), this.loadFailures.sum(),
				Duration.ofNanos(this.loadNanos.sum()), this.refreshSuccesses.sum(), this.refreshFailures.sum(),
				this.refreshesDropped.sum(), this.failSafeServed.sum(), this.puts.sum(), this.evictions.sum(),
				localSize);
	}

}
