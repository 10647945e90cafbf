package io.github.swrcache.core;

import java.util.random.RandomGenerator;

/**
 * A "random" generator whose every double is the one a test chose.
 */
final class FixedRandom implements RandomGenerator {

	private volatile double next;

	FixedRandom(double next) {
		this.next = next;
	}

	void set(double next) {
		this.next = next;
	}

	@Override
	public double nextDouble() {
		return this.next;
	}

	@Override
	public long nextLong() {
		return (long) (this.next * Long.MAX_VALUE);
	}

}
