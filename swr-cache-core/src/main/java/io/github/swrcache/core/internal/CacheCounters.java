package io.github.swrcache.core.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.github.swrcache.core.CacheStatistics;

/**
 * The counters of one cache. {@link LongAdder}s, so that counting on the hot path neither
 * locks nor contends. Failures of the shared tier are also logged, once per cause.
 */
final class CacheCounters implements RemoteStats {

	private static final System.Logger logger = System.getLogger(CacheCounters.class.getName());

	private final String cacheName;

	private final Set<Class<?>> loggedFailures = ConcurrentHashMap.newKeySet();

	final HitCounter localHits = new HitCounter();

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

	final LongAdder remoteErrors = new LongAdder();

	final LongAdder remoteBypassed = new LongAdder();

	final LongAdder decodeFailures = new LongAdder();

	final LongAdder oversizeValues = new LongAdder();

	final LongAdder locksAcquired = new LongAdder();

	final LongAdder locksContended = new LongAdder();

	final LongAdder lockWaitTimeouts = new LongAdder();

	final CacheEvents events;

	CacheCounters(String cacheName, ClusterClock clock) {
		this.cacheName = cacheName;
		this.events = new CacheEvents(cacheName, clock);
	}

	@Override
	public void remoteError(Throwable error) {
		if (LoadPipeline.unwrap(error) instanceof RemoteUnavailableException) {
			// Not sent at all (circuit open, not connected yet): a bypass, not a failure.
			this.remoteBypassed.increment();
			return;
		}
		this.remoteErrors.increment();
		logOnce(LoadPipeline.unwrap(error), "Redis command failed for cache '" + this.cacheName
				+ "'; serving from the in-process tier and the loader (logged once per cause)");
	}

	@Override
	public void decodeFailure() {
		this.decodeFailures.increment();
	}

	@Override
	public void oversizeValue() {
		if (this.oversizeValues.sum() == 0) {
			logger.log(System.Logger.Level.WARNING, "A value of cache '" + this.cacheName
					+ "' is larger than max-value-size and is kept in-process only (logged once)");
		}
		this.oversizeValues.increment();
	}

	@Override
	public void lockAcquired() {
		this.locksAcquired.increment();
	}

	@Override
	public void lockContended() {
		this.locksContended.increment();
	}

	@Override
	public void lockWaitTimedOut() {
		this.lockWaitTimeouts.increment();
	}

	private void logOnce(Throwable error, String message) {
		if (this.loggedFailures.add(error.getClass())) {
			logger.log(System.Logger.Level.WARNING, message, error);
		}
	}

	private final LoadTimeHistogram loadTimes = new LoadTimeHistogram();

	void recordLoad(boolean success, long nanos) {
		(success ? this.loadSuccesses : this.loadFailures).increment();
		this.loadNanos.add(nanos);
		this.loadTimes.record(nanos);
	}

	void recordRefresh(boolean success) {
		(success ? this.refreshSuccesses : this.refreshFailures).increment();
	}

	CacheStatistics snapshot(long localSize) {
		return new CacheStatistics(this.localHits.sum(), this.remoteHits.sum(), this.misses.sum(),
				this.staleServed.sum(), this.loadSuccesses.sum(), this.loadFailures.sum(),
				Duration.ofNanos(this.loadNanos.sum()), this.loadTimes.percentile(0.99), this.refreshSuccesses.sum(),
				this.refreshFailures.sum(), this.refreshesDropped.sum(), this.failSafeServed.sum(), this.puts.sum(),
				this.evictions.sum(), localSize, this.remoteErrors.sum(), this.remoteBypassed.sum(),
				this.decodeFailures.sum(), this.oversizeValues.sum(), this.locksAcquired.sum(),
				this.locksContended.sum(), this.lockWaitTimeouts.sum(), this.remoteRetrySuccesses.sum(),
				this.remoteRetryFailures.sum(), this.events.listenerFailures());
	}

	final LongAdder remoteRetrySuccesses = new LongAdder();

	final LongAdder remoteRetryFailures = new LongAdder();

	@Override
	public void lockContended(Object key) {
		lockContended();
		this.events.lockContended(key);
	}

	@Override
	public void remoteRetried(boolean success) {
		(success ? this.remoteRetrySuccesses : this.remoteRetryFailures).increment();
	}

}
