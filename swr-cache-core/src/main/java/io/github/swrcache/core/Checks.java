package io.github.swrcache.core;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The argument checks of the builders: each rejects a bad value at once, with the field
 * and the value in the message.
 */
final class Checks {

	/**
	 * The longest duration a setting may have: longer ones overflow the nanosecond and
	 * millisecond arithmetic of deadlines and windows (a "forever" of 292 years and more
	 * failed every read with an {@link ArithmeticException}).
	 */
	static final Duration MAX_DURATION = Duration.ofDays(36_500);

	private Checks() {
	}

	static Duration positive(String field, @Nullable Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(field + " must be positive, was " + value);
		}
		return notTooLong(field, value);
	}

	static Duration notNegative(String field, @Nullable Duration value) {
		if (value == null || value.isNegative()) {
			throw new IllegalArgumentException(field + " must be zero or positive, was " + value);
		}
		return notTooLong(field, value);
	}

	private static Duration notTooLong(String field, Duration value) {
		if (value.compareTo(MAX_DURATION) > 0) {
			throw new IllegalArgumentException(
					field + " must be at most 100 years (" + MAX_DURATION + "), was " + value);
		}
		return value;
	}

}
