package io.github.swrcache.core.internal;

import java.time.Clock;

/**
 * The time that entries, tag marks and clear marks carry: the injected clock plus an
 * offset to the remote tier's server clock, so that every node compares the same time.
 * Without a remote tier the offset stays zero.
 *
 * <p>
 * Two readings: {@link #now()} for the hot path (the system clock through
 * {@link CoarseSystemClock}, at most a tick behind), and {@link #preciseNow()} for the
 * times other nodes compare (load starts, invalidation marks), where a lagging clock
 * could order an invalidation before a load it followed.
 */
public final class ClusterClock {

	private static final Class<?> SYSTEM_CLOCK = Clock.systemUTC().getClass();

	private final Clock clock;

	private final boolean system;

	private volatile long offsetMillis;

	private volatile long uncertaintyMillis;

	public ClusterClock(Clock clock) {
		this.clock = clock;
		this.system = clock.getClass() == SYSTEM_CLOCK;
	}

	/**
	 * The current cluster time, cheaply: for the windows of entries.
	 * @return epoch milliseconds
	 */
	public long now() {
		return (this.system ? CoarseSystemClock.millis() : this.clock.millis()) + this.offsetMillis;
	}

	/**
	 * The current cluster time, exactly: for times other nodes compare.
	 * @return epoch milliseconds
	 */
	public long preciseNow() {
		return localPreciseNow() + this.offsetMillis;
	}

	/**
	 * The local time, without the offset to the server clock.
	 * @return epoch milliseconds
	 */
	public long localPreciseNow() {
		return this.system ? System.currentTimeMillis() : this.clock.millis();
	}

	/**
	 * Sets the offset measured against the remote tier's server clock.
	 * @param offsetMillis server time minus local time
	 * @param uncertaintyMillis how far the offset may be off (half the round trip of the
	 * measurement, plus the clock's resolution)
	 */
	public void offset(long offsetMillis, long uncertaintyMillis) {
		this.offsetMillis = offsetMillis;
		this.uncertaintyMillis = uncertaintyMillis;
	}

	public long offset() {
		return this.offsetMillis;
	}

	/**
	 * How far this node's cluster time may be off the server's. Comparisons of times from
	 * different nodes widen by it, on the safe side.
	 * @return milliseconds
	 */
	public long uncertainty() {
		return this.uncertaintyMillis;
	}

}
