package io.github.swrcache.core;

import java.time.Duration;

/**
 * When the circuit breaker in front of Redis opens, and for how long. While it is open,
 * the shared tier, its locks and its bus are bypassed: callers are served by the
 * in-process tier and the loader, never an exception because of Redis.
 *
 * @param failureRateThreshold percentage of failed commands in the window that opens the
 * circuit, in (0, 100]
 * @param slowCallRateThreshold percentage of slow commands in the window that opens the
 * circuit, in (0, 100]
 * @param slowCallDuration how long a command takes to count as slow
 * @param slidingWindowSize how many recent commands the rates are taken over
 * @param minimumCalls how many commands the window needs before it can open the circuit
 * @param waitInOpenState how long the circuit stays open before it lets probes through
 * @param halfOpenCalls how many probe commands decide whether it closes again
 */
public record CircuitBreakerSettings(float failureRateThreshold, float slowCallRateThreshold, Duration slowCallDuration,
		int slidingWindowSize, int minimumCalls, Duration waitInOpenState, int halfOpenCalls) {

	/** Default percentage of failed commands that opens the circuit. */
	public static final float DEFAULT_FAILURE_RATE_THRESHOLD = 50;

	/** Default percentage of slow commands that opens the circuit. */
	public static final float DEFAULT_SLOW_CALL_RATE_THRESHOLD = 80;

	/** Default duration from which a command counts as slow. */
	public static final Duration DEFAULT_SLOW_CALL_DURATION = Duration.ofMillis(200);

	/** Default number of recent commands the rates are taken over. */
	public static final int DEFAULT_SLIDING_WINDOW_SIZE = 20;

	/** Default number of commands needed before the circuit can open. */
	public static final int DEFAULT_MINIMUM_CALLS = 10;

	/** Default time the circuit stays open before probing. */
	public static final Duration DEFAULT_WAIT_IN_OPEN_STATE = Duration.ofSeconds(3);

	/** Default number of probe commands. */
	public static final int DEFAULT_HALF_OPEN_CALLS = 3;

	/**
	 * The defaults: open at 50 % failures or 80 % slow (over 200 ms) calls among the last
	 * 20 (at least 10) commands, probe again after 3 s with 3 commands. The wait is a few
	 * seconds rather than Resilience4j's 60 s, so that a restarted Redis is used again
	 * quickly.
	 */
	public static final CircuitBreakerSettings DEFAULTS = new CircuitBreakerSettings(
			CircuitBreakerSettings.DEFAULT_FAILURE_RATE_THRESHOLD,
			CircuitBreakerSettings.DEFAULT_SLOW_CALL_RATE_THRESHOLD, CircuitBreakerSettings.DEFAULT_SLOW_CALL_DURATION,
			CircuitBreakerSettings.DEFAULT_SLIDING_WINDOW_SIZE, CircuitBreakerSettings.DEFAULT_MINIMUM_CALLS,
			CircuitBreakerSettings.DEFAULT_WAIT_IN_OPEN_STATE, CircuitBreakerSettings.DEFAULT_HALF_OPEN_CALLS);

	/**
	 * Validates every value.
	 * @throws IllegalArgumentException naming the setting and the value out of range
	 */
	public CircuitBreakerSettings {
		percentage("failureRateThreshold", failureRateThreshold);
		percentage("slowCallRateThreshold", slowCallRateThreshold);
		Checks.positive("slowCallDuration", slowCallDuration);
		Checks.positive("waitInOpenState", waitInOpenState);
		if (slidingWindowSize < 1) {
			throw new IllegalArgumentException("slidingWindowSize must be at least 1, was " + slidingWindowSize);
		}
		if (minimumCalls < 1) {
			throw new IllegalArgumentException("minimumCalls must be at least 1, was " + minimumCalls);
		}
		if (halfOpenCalls < 1) {
			throw new IllegalArgumentException("halfOpenCalls must be at least 1, was " + halfOpenCalls);
		}
	}

	private static void percentage(String field, float value) {
		if (!(value > 0 && value <= 100)) {
			throw new IllegalArgumentException(field + " must be in (0, 100], was " + value);
		}
	}

}
