package io.github.swrcache.core.internal;

import java.time.Clock;

/**
 * The time that entries, tag marks and clear marks carry: the injected clock plus an
 * offset to the remote tier's server clock, so that every node compares the same time.
 * Without a remote tier the offset stays zero.
 */
public final class ClusterClock {

	private static final Class<?> SYSTEM_CLOCK = Clock.systemUTC().getClass();

	private final Clock clock;

	private final boolean system;

	private volatile long offsetMillis;

	public ClusterClock(Clock clock) {
		this.clock = clock;
		this.system = clock.getClass() == SYSTEM_CLOCK;
	}

	/**
	 * The current cluster time. The system clock is read through
	 * {@link CoarseSystemClock}, any other clock (a test's) as it is.
	 * @return epoch milliseconds
	 */
	public long now() {
		return (this.system ? CoarseSystemClock.millis() : this.clock.millis()) + this.offsetMillis;
	}

	/**
	 * The local time, without the offset to the server clock.
	 * @return epoch milliseconds
	 */
	public long localNow() {
		return this.system ? CoarseSystemClock.millis() : this.clock.millis();
	}

	/**
	 * Sets the offset measured against the remote tier's server clock.
	 * @param offsetMillis server time minus local time
	 */
	public void offset(long offsetMillis) {
		this.offsetMillis = offsetMillis;
	}

	public long offset() {
		return this.offsetMillis;
	}

}
