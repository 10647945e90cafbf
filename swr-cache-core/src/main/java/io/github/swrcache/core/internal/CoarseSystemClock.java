package io.github.swrcache.core.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The system clock read from a volatile field that one daemon thread refreshes every
 * millisecond. Reading {@link System#currentTimeMillis()} costs about 20 ns on common
 * virtual machines, more than the whole rest of an L1 hit; windows are kept in
 * milliseconds, so a clock that is at most a tick behind changes nothing a caller can
 * notice.
 */
final class CoarseSystemClock {

	private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	private static volatile long millis = System.currentTimeMillis();

	static {
		Thread ticker = new Thread(CoarseSystemClock::tick, "swr-cache-clock");
		ticker.setDaemon(true);
		ticker.start();
	}

	private CoarseSystemClock() {
	}

	static long millis() {
		return millis;
	}

	private static void tick() {
		while (true) {
			millis = System.currentTimeMillis();
			LockSupport.parkNanos(TICK_NANOS);
		}
	}

}
