package io.github.swrcache.core;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The argument checks of the builders: each rejects a bad value at once, with the field
 * and the value in the message.
 */
final class Checks {

	private Checks() {
	}

	static Duration positive(String field, @Nullable Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(field + " must be positive, was " + value);
		}
		return value;
	}

	static Duration notNegative(String field, @Nullable Duration value) {
		if (value == null || value.isNegative()) {
			throw new IllegalArgumentException(field + " must be zero or positive, was " + value);
		}
		return value;
	}

}
