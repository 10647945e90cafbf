package io.github.swrcache.core.warmup;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * When a {@link CacheWarmer} runs again after start-up: never, with a fixed delay between
 * the end of one pass and the start of the next, or on a cron expression. Cron
 * expressions need a {@link WarmUpScheduler} that understands them, such as the Spring
 * Boot starter's (Spring's six-field {@code CronExpression} format). Immutable.
 */
public final class WarmUpSchedule {

	private static final WarmUpSchedule NONE = new WarmUpSchedule(null, null);

	private final @Nullable Duration fixedDelay;

	private final @Nullable String cron;

	private WarmUpSchedule(@Nullable Duration fixedDelay, @Nullable String cron) {
		this.fixedDelay = fixedDelay;
		this.cron = cron;
	}

	/**
	 * No pass after the start-up pass.
	 * @return the schedule
	 */
	public static WarmUpSchedule none() {
		return NONE;
	}

	/**
	 * A pass {@code delay} after the previous one ended.
	 * @param delay a positive duration
	 * @return the schedule
	 */
	public static WarmUpSchedule fixedDelay(Duration delay) {
		if (delay == null || delay.isNegative() || delay.isZero()) {
			throw new IllegalArgumentException("fixedDelay must be positive, was " + delay);
		}
		return new WarmUpSchedule(delay, null);
	}

	/**
	 * A pass at the times of a cron expression.
	 * @param expression a cron expression, such as {@code "0 0 * * * *"} (hourly)
	 * @return the schedule
	 */
	public static WarmUpSchedule cron(String expression) {
		if (expression == null || expression.isBlank()) {
			throw new IllegalArgumentException("cron must be a non-blank cron expression, was '" + expression + "'");
		}
		return new WarmUpSchedule(null, expression.trim());
	}

	/**
	 * Whether passes run after the start-up pass.
	 * @return {@code false} for {@link #none()}
	 */
	public boolean isScheduled() {
		return this.fixedDelay != null || this.cron != null;
	}

	/**
	 * The delay between passes.
	 * @return the delay, or {@code null} when not a fixed-delay schedule
	 */
	public @Nullable Duration fixedDelay() {
		return this.fixedDelay;
	}

	/**
	 * The cron expression.
	 * @return the expression, or {@code null} when not a cron schedule
	 */
	public @Nullable String cron() {
		return this.cron;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof WarmUpSchedule that && Objects.equals(this.fixedDelay, that.fixedDelay)
				&& Objects.equals(this.cron, that.cron);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.fixedDelay, this.cron);
	}

	@Override
	public String toString() {
		return (this.fixedDelay != null) ? "fixedDelay=" + this.fixedDelay
				: (this.cron != null) ? "cron=" + this.cron : "none";
	}

}
