package io.github.swrcache.spring.autoconfigure;

import java.util.concurrent.ScheduledFuture;

import io.github.swrcache.core.warmup.WarmUpSchedule;
import io.github.swrcache.core.warmup.WarmUpScheduler;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.Trigger;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.scheduling.support.PeriodicTrigger;

/**
 * Runs scheduled warm-up passes on a thread of its own, created with the first schedule:
 * fixed delays, and cron expressions in Spring's format ({@code "0 0 * * * *"}: second,
 * minute, hour, day of month, month, day of week).
 */
final class SpringWarmUpScheduler implements WarmUpScheduler, DisposableBean {

	private @Nullable ThreadPoolTaskScheduler scheduler;

	@Override
	public AutoCloseable schedule(String warmer, WarmUpSchedule schedule, Runnable pass) {
		ScheduledFuture<?> future = scheduler().schedule(pass, trigger(warmer, schedule));
		return () -> {
			if (future != null) {
				future.cancel(false);
			}
		};
	}

	static Trigger trigger(String warmer, WarmUpSchedule schedule) {
		String cron = schedule.cron();
		if (cron != null) {
			try {
				return new CronTrigger(cron);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("CacheWarmer '" + warmer + "' has an invalid cron schedule '" + cron
						+ "' (" + ex.getMessage() + "); expected six fields: second minute hour day-of-month month "
						+ "day-of-week, such as \"0 0 * * * *\"", ex);
			}
		}
		if (schedule.fixedDelay() == null) {
			throw new IllegalArgumentException("CacheWarmer '" + warmer + "' has no schedule");
		}
		PeriodicTrigger trigger = new PeriodicTrigger(schedule.fixedDelay());
		trigger.setInitialDelay(schedule.fixedDelay());
		return trigger;
	}

	private synchronized ThreadPoolTaskScheduler scheduler() {
		if (this.scheduler == null) {
			ThreadPoolTaskScheduler created = new ThreadPoolTaskScheduler();
			created.setThreadNamePrefix("swr-cache-warm-up-schedule-");
			created.setDaemon(true);
			created.initialize();
			this.scheduler = created;
		}
		return this.scheduler;
	}

	@Override
	public synchronized void destroy() {
		if (this.scheduler != null) {
			this.scheduler.shutdown();
		}
	}

}
