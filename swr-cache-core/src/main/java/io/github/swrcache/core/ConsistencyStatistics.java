package io.github.swrcache.core;

/**
 * The outcomes of one cache's consistency checks since it was created.
 *
 * @param cache the cache's name
 * @param matches checks whose re-loaded value had the same codec bytes as the served one
 * @param drifts checks whose re-loaded value differed from the served one
 * @param errors checks whose re-load failed, timed out, or could not be encoded; nothing
 * was changed
 * @param skipped candidates not compared: no longer fresh, changed during the check, or
 * the loader declined to store its value
 * @param repairs drifted entries replaced with the re-loaded value
 * @param candidates candidates waiting in the reservoir now
 * @see ConsistencySampling
 */
public record ConsistencyStatistics(String cache, long matches, long drifts, long errors, long skipped, long repairs,
		int candidates) {

	/**
	 * The checks that ended in a match, a drift or an error.
	 * @return {@code matches + drifts + errors}
	 */
	public long checks() {
		return this.matches + this.drifts + this.errors;
	}

	/**
	 * The share of compared entries that had drifted, since the cache was created: errors
	 * and skipped candidates compare nothing and are left out. For a ratio over a recent
	 * window, divide the rates of the {@code drift} and {@code match} counters instead.
	 * @return {@code drifts / (matches + drifts)}, or 0 before the first comparison
	 */
	public double driftRatio() {
		long compared = this.matches + this.drifts;
		return (compared > 0) ? (double) this.drifts / compared : 0;
	}

}
