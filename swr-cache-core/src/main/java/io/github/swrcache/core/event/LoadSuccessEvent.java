package io.github.swrcache.core.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A loader call returned (a value or none). One event per loader call: a bulk load of
 * many keys is one event whose {@link #key()} is {@code null} and whose {@link #keys()}
 * holds them.
 */
public final class LoadSuccessEvent extends CacheEvent {

	private final List<Object> keys;

	private final Duration duration;

	private final boolean refresh;

	/**
	 * Creates the event.
	 * @param cacheName the cache's name
	 * @param key the key, or {@code null} for a bulk load
	 * @param keys the keys loaded
	 * @param duration how long the loader took
	 * @param refresh whether it was a background refresh
	 * @param creationTime when it happened
	 */
	public LoadSuccessEvent(String cacheName, @Nullable Object key, Collection<?> keys, Duration duration,
			boolean refresh, Instant creationTime) {
		super(cacheName, key, creationTime);
		this.keys = List.copyOf(keys);
		this.duration = Objects.requireNonNull(duration, "duration must not be null");
		this.refresh = refresh;
	}

	@Override
	public Type type() {
		return Type.LOAD_SUCCESS;
	}

	/**
	 * The keys the loader was called for.
	 * @return one key, or the keys of a bulk load, in the order they were asked for
	 */
	public List<Object> keys() {
		return this.keys;
	}

	/**
	 * How long the loader took (wall time, not the manager's clock).
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

	@Override
	String details() {
		return ", duration=" + this.duration + ", refresh=" + this.refresh;
	}

}
