package io.github.swrcache.core.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * The periods (wall-clock milliseconds) in which something may have dropped in-process
 * entries or delayed the bus: a fault under way plus a grace period, or a node seen with
 * its circuit not closed, disconnected or re-subscribed. Invariant checks consult it to
 * choose a bound (bus delivery or {@code local.max-ttl}) or to skip a judgement that the
 * disturbance makes undecidable. Thread-safe.
 */
final class Turbulence {

	private final String name;

	private final List<long[]> periods = new ArrayList<>();

	private final List<Long> open = new ArrayList<>();

	private long totalMillis;

	Turbulence(String name) {
		this.name = name;
	}

	/**
	 * Marks {@code [from, until]}, merged with the last period when they touch.
	 */
	synchronized void mark(long from, long until) {
		if (!this.periods.isEmpty()) {
			long[] last = this.periods.get(this.periods.size() - 1);
			if (from <= last[1] + 1) {
				if (until > last[1]) {
					this.totalMillis += until - Math.max(last[1], from);
					last[1] = until;
				}
				last[0] = Math.min(last[0], from);
				return;
			}
		}
		this.periods.add(new long[] { from, until });
		this.totalMillis += until - from;
	}

	/**
	 * Opens a period whose end is not known yet (a fault under way).
	 * @return the start, to be passed to {@link #end(long, long)}
	 */
	synchronized long begin(long now) {
		this.open.add(now);
		return now;
	}

	/**
	 * Closes a period opened by {@link #begin(long)}, marking it up to {@code until}.
	 */
	synchronized void end(long start, long until) {
		this.open.remove(Long.valueOf(start));
		mark(start, until);
	}

	/**
	 * Whether any period overlaps {@code [from, to]}, open ones included.
	 */
	synchronized boolean overlaps(long from, long to) {
		for (long start : this.open) {
			if (start <= to) {
				return true;
			}
		}
		for (int i = this.periods.size() - 1; i >= 0; i--) {
			long[] period = this.periods.get(i);
			if (period[0] <= to && period[1] >= from) {
				return true;
			}
			if (period[1] < from && i < this.periods.size() - 64) {
				// Periods are appended in time order, with at most a few out of order.
				return false;
			}
		}
		return false;
	}

	synchronized long totalMillis() {
		return this.totalMillis;
	}

	synchronized int count() {
		return this.periods.size();
	}

	@Override
	public String toString() {
		return this.name;
	}

}
