package io.github.swrcache.benchmarks.peers;

/**
 * Call latencies and errors of one thread, in time slots (by when the call returned) from
 * a common start; merged after the run. One recorder per thread, so recording takes no
 * lock and shares no cache line. Latencies go into log-linear buckets: 1 µs wide below 1
 * ms, then 1 % wide, so a percentile is exact to 1 µs or 1 %.
 */
final class Recorder {

	private static final int LINEAR = 1_000;

	private static final double LOG_STEP = Math.log(1.01);

	/** Buckets up to about 10 minutes. */
	static final int BUCKETS = LINEAR + (int) Math.ceil(Math.log(600_000_000.0 / LINEAR) / LOG_STEP) + 1;

	private final long startNanos;

	private final long slotNanos;

	private final long[][] histograms;

	private final long[] errors;

	private final long[] max;

	private long lastErrorNanos = Long.MIN_VALUE;

	Recorder(long startNanos, long slotNanos, int slots) {
		this.startNanos = startNanos;
		this.slotNanos = slotNanos;
		this.histograms = new long[slots][];
		this.errors = new long[slots];
		this.max = new long[slots];
	}

	int slots() {
		return this.histograms.length;
	}

	long slotNanos() {
		return this.slotNanos;
	}

	int slotOf(long nanos) {
		long slot = (nanos - this.startNanos) / this.slotNanos;
		return (int) Math.max(0, Math.min(this.histograms.length - 1, slot));
	}

	/**
	 * Records a call that returned at {@code at} (the slot), after {@code nanos}.
	 */
	void record(long at, long nanos, boolean error) {
		int slot = slotOf(at);
		long[] histogram = this.histograms[slot];
		if (histogram == null) {
			histogram = new long[BUCKETS];
			this.histograms[slot] = histogram;
		}
		histogram[bucket(nanos)]++;
		if (nanos > this.max[slot]) {
			this.max[slot] = nanos;
		}
		if (error) {
			this.errors[slot]++;
			this.lastErrorNanos = Math.max(this.lastErrorNanos, at);
		}
	}

	void merge(Recorder other) {
		for (int slot = 0; slot < this.histograms.length; slot++) {
			long[] theirs = other.histograms[slot];
			if (theirs != null) {
				if (this.histograms[slot] == null) {
					this.histograms[slot] = new long[BUCKETS];
				}
				for (int i = 0; i < BUCKETS; i++) {
					this.histograms[slot][i] += theirs[i];
				}
			}
			this.errors[slot] += other.errors[slot];
			this.max[slot] = Math.max(this.max[slot], other.max[slot]);
		}
		this.lastErrorNanos = Math.max(this.lastErrorNanos, other.lastErrorNanos);
	}

	/**
	 * The end of the last failed call, or {@link Long#MIN_VALUE} without one.
	 */
	long lastErrorNanos() {
		return this.lastErrorNanos;
	}

	/**
	 * The calls that returned in slots {@code [from, to)}, merged.
	 */
	Summary summary(int from, int to) {
		long[] merged = new long[BUCKETS];
		long errorCount = 0;
		long maxNanos = 0;
		for (int slot = Math.max(0, from); slot < Math.min(to, this.histograms.length); slot++) {
			if (this.histograms[slot] != null) {
				for (int i = 0; i < BUCKETS; i++) {
					merged[i] += this.histograms[slot][i];
				}
			}
			errorCount += this.errors[slot];
			maxNanos = Math.max(maxNanos, this.max[slot]);
		}
		return new Summary(merged, errorCount, maxNanos);
	}

	Summary slot(int slot) {
		return summary(slot, slot + 1);
	}

	static int bucket(long nanos) {
		long micros = Math.max(0, nanos / 1_000);
		if (micros < LINEAR) {
			return (int) micros;
		}
		int index = LINEAR + (int) (Math.log((double) micros / LINEAR) / LOG_STEP);
		return Math.min(BUCKETS - 1, index);
	}

	/**
	 * The upper bound of a bucket, in nanoseconds.
	 */
	static long upperNanos(int bucket) {
		if (bucket < LINEAR) {
			return (bucket + 1) * 1_000L;
		}
		return (long) (LINEAR * Math.exp((bucket - LINEAR + 1) * LOG_STEP) * 1_000);
	}

	/**
	 * Calls, errors and latency percentiles of some slots.
	 */
	static final class Summary {

		private final long[] histogram;

		private final long count;

		private final long errors;

		private final long maxNanos;

		Summary(long[] histogram, long errors, long maxNanos) {
			this.histogram = histogram;
			long total = 0;
			for (long c : histogram) {
				total += c;
			}
			this.count = total;
			this.errors = errors;
			this.maxNanos = maxNanos;
		}

		long count() {
			return this.count;
		}

		long errors() {
			return this.errors;
		}

		long maxNanos() {
			return this.maxNanos;
		}

		/**
		 * The latency at a quantile (bucket upper bound, capped by the maximum), or -1
		 * without calls.
		 */
		long percentileNanos(double quantile) {
			if (this.count == 0) {
				return -1;
			}
			long rank = Math.max(1, (long) Math.ceil(this.count * quantile));
			long seen = 0;
			for (int i = 0; i < this.histogram.length; i++) {
				seen += this.histogram[i];
				if (seen >= rank) {
					return Math.min(upperNanos(i), this.maxNanos);
				}
			}
			return this.maxNanos;
		}

	}

}
