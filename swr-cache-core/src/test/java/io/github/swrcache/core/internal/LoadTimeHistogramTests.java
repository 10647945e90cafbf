package io.github.swrcache.core.internal;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LoadTimeHistogram}: percentiles rounded up to their bucket, within 25 %.
 */
class LoadTimeHistogramTests {

	@Test
	void percentileIsTheUpperBoundOfTheBucketHoldingThatRank() {
		LoadTimeHistogram histogram = new LoadTimeHistogram();
		for (int i = 0; i < 99; i++) {
			histogram.record(Duration.ofMillis(1).toNanos());
		}
		histogram.record(Duration.ofSeconds(1).toNanos());
		assertThat(histogram.percentile(0.99)).isBetween(Duration.ofMillis(1), Duration.ofNanos(1_250_000));
		assertThat(histogram.percentile(1.0)).isBetween(Duration.ofSeconds(1), Duration.ofMillis(1_250));
	}

	@Test
	void emptyHistogramReportsZero() {
		assertThat(new LoadTimeHistogram().percentile(0.99)).isZero();
	}

	@Test
	void everyValueFallsInABucketWhoseUpperBoundIsWithinAQuarterAbove() {
		int previous = -1;
		for (long nanos : new long[] { 1, 2, 3, 4, 5, 7, 8, 1_000, 123_456_789, Long.MAX_VALUE / 2 }) {
			int index = LoadTimeHistogram.index(nanos);
			assertThat(index).isGreaterThan(previous);
			previous = index;
			assertThat(LoadTimeHistogram.upperBound(index)).as("upper bound of %d", nanos)
				.isGreaterThanOrEqualTo(nanos)
				.isLessThanOrEqualTo(Math.max(nanos + 1, (long) (nanos * 1.25) + 1));
		}
	}

}
