package io.github.swrcache.core.warmup;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the scheduled passes of {@link CacheWarmer}s. The runner calls it once per
 * scheduled warmer; tests pass one that keeps the pass and runs it when told.
 */
@FunctionalInterface
public interface WarmUpScheduler {

	/**
	 * Schedules {@code pass} by {@code schedule}.
	 * @param warmer the warmer's name, for messages
	 * @param schedule a schedule that {@link WarmUpSchedule#isScheduled() is scheduled}
	 * @param pass runs one pass in the calling thread
	 * @return cancels the schedule when closed
	 * @throws IllegalArgumentException when the schedule is not supported (a cron
	 * expression this scheduler cannot read)
	 */
	AutoCloseable schedule(String warmer, WarmUpSchedule schedule, Runnable pass);

	/**
	 * A scheduler for fixed-delay schedules on {@code executor}; it rejects cron
	 * schedules.
	 * @param executor runs the passes
	 * @return the scheduler
	 */
	static WarmUpScheduler fixedDelayOn(ScheduledExecutorService executor) {
		return (warmer, schedule, pass) -> {
			if (schedule.fixedDelay() == null) {
				throw new IllegalArgumentException("Warmer '" + warmer + "' has schedule " + schedule
						+ ", but this scheduler runs only fixed-delay schedules; use the Spring Boot starter, "
						+ "or give the WarmUpRunner a WarmUpScheduler that reads cron expressions");
			}
			long delay = schedule.fixedDelay().toMillis();
			ScheduledFuture<?> future = executor.scheduleWithFixedDelay(pass, delay, delay, TimeUnit.MILLISECONDS);
			return () -> future.cancel(false);
		};
	}

}
