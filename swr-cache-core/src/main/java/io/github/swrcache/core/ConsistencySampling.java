package io.github.swrcache.core;

import java.time.Duration;

/**
 * Settings of consistency sampling: a background check that re-loads a small random
 * sample of fresh entries and compares each re-loaded value, by its codec bytes, with
 * what the cache serves. A match says the entry is right; a drift says the source changed
 * without the cache hearing of it (ttl too long, an invalidation missing). With
 * {@link #repair()} a drifted entry is replaced with the re-loaded value, on every node.
 * <p>
 * Candidates are chosen on fresh in-process hits with {@link #probability()}: the chosen
 * call's key and loader go into a bounded reservoir of {@link #maxCandidates()} entries
 * (the cache keeps no loaders otherwise). Every {@link #interval()}, up to
 * {@link #checksPerInterval()} candidates of each cache are checked on the refresh
 * executor. Immutable; build one with {@link #builder()}.
 *
 * @see SwrCacheManager.Builder#consistencySampling(ConsistencySampling)
 * @see ConsistencyChecks
 */
public final class ConsistencySampling {

	/** Default share of fresh in-process hits that become candidates. */
	public static final double DEFAULT_PROBABILITY = 0.01;

	/** Default number of candidates checked per cache and interval. */
	public static final int DEFAULT_CHECKS_PER_INTERVAL = 10;

	/** Default time between two check passes. */
	public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

	/** Default bound of each cache's reservoir of candidates. */
	public static final int DEFAULT_MAX_CANDIDATES = 100;

	private final double probability;

	private final int checksPerInterval;

	private final Duration interval;

	private final boolean repair;

	private final int maxCandidates;

	private ConsistencySampling(Builder builder) {
		this.probability = builder.probability;
		this.checksPerInterval = builder.checksPerInterval;
		this.interval = builder.interval;
		this.repair = builder.repair;
		this.maxCandidates = builder.maxCandidates;
	}

	/**
	 * A builder with every default.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The share of fresh in-process hits that become candidates, in {@code (0, 1]}.
	 * @return the probability
	 */
	public double probability() {
		return this.probability;
	}

	/**
	 * How many candidates of each cache are checked per pass.
	 * @return a positive number
	 */
	public int checksPerInterval() {
		return this.checksPerInterval;
	}

	/**
	 * The time between two check passes.
	 * @return a positive duration
	 */
	public Duration interval() {
		return this.interval;
	}

	/**
	 * Whether a drifted entry is replaced with the re-loaded value (a put: every node
	 * hears of it).
	 * @return {@code true} to repair
	 */
	public boolean repair() {
		return this.repair;
	}

	/**
	 * The bound of each cache's reservoir of candidates.
	 * @return a positive number
	 */
	public int maxCandidates() {
		return this.maxCandidates;
	}

	@Override
	public String toString() {
		return "ConsistencySampling[probability=" + this.probability + ", checksPerInterval=" + this.checksPerInterval
				+ ", interval=" + this.interval + ", repair=" + this.repair + ", maxCandidates=" + this.maxCandidates
				+ "]";
	}

	/**
	 * Builds {@link ConsistencySampling}. Setters validate at once.
	 */
	public static final class Builder {

		private double probability = DEFAULT_PROBABILITY;

		private int checksPerInterval = DEFAULT_CHECKS_PER_INTERVAL;

		private Duration interval = DEFAULT_INTERVAL;

		private boolean repair;

		private int maxCandidates = DEFAULT_MAX_CANDIDATES;

		private Builder() {
		}

		/**
		 * Sets the share of fresh in-process hits that become candidates.
		 * @param probability more than 0, at most 1
		 * @return this builder
		 */
		public Builder probability(double probability) {
			if (!(probability > 0 && probability <= 1)) {
				throw new IllegalArgumentException("probability must be more than 0 and at most 1, was " + probability);
			}
			this.probability = probability;
			return this;
		}

		/**
		 * Sets how many candidates of each cache are checked per pass.
		 * @param checks a positive number
		 * @return this builder
		 */
		public Builder checksPerInterval(int checks) {
			if (checks <= 0) {
				throw new IllegalArgumentException("checksPerInterval must be positive, was " + checks);
			}
			this.checksPerInterval = checks;
			return this;
		}

		/**
		 * Sets the time between two check passes.
		 * @param interval a positive duration
		 * @return this builder
		 */
		public Builder interval(Duration interval) {
			this.interval = Checks.positive("interval", interval);
			return this;
		}

		/**
		 * Sets whether a drifted entry is replaced with the re-loaded value.
		 * @param repair {@code true} to repair
		 * @return this builder
		 */
		public Builder repair(boolean repair) {
			this.repair = repair;
			return this;
		}

		/**
		 * Sets the bound of each cache's reservoir of candidates.
		 * @param maxCandidates a positive number
		 * @return this builder
		 */
		public Builder maxCandidates(int maxCandidates) {
			if (maxCandidates <= 0) {
				throw new IllegalArgumentException("maxCandidates must be positive, was " + maxCandidates);
			}
			this.maxCandidates = maxCandidates;
			return this;
		}

		/**
		 * Builds the settings.
		 * @return the settings
		 */
		public ConsistencySampling build() {
			return new ConsistencySampling(this);
		}

	}

}
