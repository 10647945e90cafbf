package io.github.swrcache.core.internal;

import java.util.random.RandomGenerator;

import io.github.swrcache.core.CachePolicy;

/**
 * Probabilistic early refresh of fresh entries (XFetch, Vattani et al., VLDB 2015): a
 * read refreshes when {@code now - delta * beta * ln(u) >= freshUntil}, with
 * {@code delta} the entry's measured load time and {@code u} uniform in (0, 1]. The
 * closer the end of {@code ttl} and the slower the load, the likelier the refresh, so hot
 * keys are refreshed before they go stale and cold keys hardly ever.
 */
final class EarlyRefresh {

	/**
	 * Beyond this many {@code delta * beta} before expiry the probability is below e^-40,
	 * so the hot path skips the random draw.
	 */
	private static final double HORIZON = 40;

	private final boolean enabled;

	private final double beta;

	private final RandomGenerator random;

	EarlyRefresh(CachePolicy policy, RandomGenerator random) {
		this.enabled = policy.earlyRefresh();
		this.beta = policy.earlyRefreshBeta();
		this.random = random;
	}

	boolean isDue(CacheEntry<?> entry, long now) {
		if (!this.enabled) {
			return false;
		}
		long remaining = entry.freshUntil - now;
		double scale = Math.max(1, entry.loadMillis) * this.beta;
		if (remaining > scale * HORIZON) {
			return false;
		}
		double u = 1.0 - this.random.nextDouble();
		return -scale * Math.log(u) >= remaining;
	}

}
