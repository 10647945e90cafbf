package io.github.swrcache.core.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A loader call threw or timed out. One event per loader call: a bulk load of many keys
 * is one event whose {@link #key()} is {@code null} and whose {@link #keys()} holds them.
 */
public final class LoadFailureEvent extends CacheEvent {

	private final List<Object> keys;

	private final Duration duration;

	private final boolean refresh;

	private final Throwable cause;

	/**
	 * Creates the event.
	 * @param cacheName the cache's name
	 * @param key the key, or {@code null} for a bulk load
	 * @param keys the keys loaded
	 * @param duration how long the loader took until it failed
	 * @param refresh whether it was a background refresh
	 * @param cause what the loader threw, or the timeout
	 * @param creationTime when it happened
	 */
	public LoadFailureEvent(String cacheName, @Nullable Object key, Collection<?> keys, Duration duration,
			boolean refresh, Throwable cause, Instant creationTime) {
		super(cacheName, key, creationTime);
		this.keys = List.copyOf(keys);
		this.duration = Objects.requireNonNull(duration, "duration must not be null");
		this.refresh = refresh;
		this.cause = Objects.requireNonNull(cause, "cause must not be null");
	}

	@Override
	public Type type() {
		return Type.LOAD_FAILURE;
	}

	/**
	 * The keys the loader was called for.
	 * @return one key, or the keys of a bulk load, in the order they were asked for
	 */
	public List<Object> keys() {
		return this.keys;
	}

	/**
	 * How long the loader took until it failed (wall time, not the manager's clock).
	 * @return the duration
	 */
	public Duration duration() {
		return this.duration;
	}

	/**
	 * Whether the load was a background refresh that no caller waited for.
	 * @return whether it was a refresh
	 */
	public boolean isRefresh() {
		return this.refresh;
	}

	/**
	 * What the loader threw, or the {@link java.util.concurrent.TimeoutException} of its
	 * deadline.
	 * @return the cause
	 */
	public Throwable cause() {
		return this.cause;
	}

	@Override
	String details() {
		return ", duration=" + this.duration + ", refresh=" + this.refresh + ", cause=" + this.cause;
	}

}
