package io.github.swrcache.core.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Load durations in log-linear buckets (four per power of two, so a percentile is known
 * within 25 %), lock-free and of fixed size. Recorded once per load, never on the hit
 * path.
 */
final class LoadTimeHistogram {

	private static final int SUB_BUCKETS = 4;

	private final AtomicLongArray buckets = new AtomicLongArray(64 * SUB_BUCKETS);

	void record(long nanos) {
		this.buckets.incrementAndGet(index(Math.max(1, nanos)));
	}

	/**
	 * The duration below which {@code quantile} of the loads took, rounded up to its
	 * bucket's upper bound.
	 * @param quantile in (0, 1]
	 * @return the percentile, or zero before the first load
	 */
	Duration percentile(double quantile) {
		long total = 0;
		for (int i = 0; i < this.buckets.length(); i++) {
			total += this.buckets.get(i);
		}
		if (total == 0) {
			return Duration.ZERO;
		}
		long rank = (long) Math.ceil(total * quantile);
		long seen = 0;
		for (int i = 0; i < this.buckets.length(); i++) {
			seen += this.buckets.get(i);
			if (seen >= rank) {
				return Duration.ofNanos(upperBound(i));
			}
		}
		return Duration.ofNanos(upperBound(this.buckets.length() - 1));
	}

	static int index(long nanos) {
		int exponent = 63 - Long.numberOfLeadingZeros(nanos);
		if (exponent < 2) {
			return (int) nanos;
		}
		int sub = (int) ((nanos >>> (exponent - 2)) & (SUB_BUCKETS - 1));
		return exponent * SUB_BUCKETS + sub;
	}

	static long upperBound(int index) {
		int exponent = index / SUB_BUCKETS;
		int sub = index % SUB_BUCKETS;
		if (exponent < 2) {
			return index + 1L;
		}
		long step = 1L << (exponent - 2);
		long lower = (1L << exponent) + sub * step;
		return (lower + step > 0) ? lower + step - 1 : Long.MAX_VALUE;
	}

}
