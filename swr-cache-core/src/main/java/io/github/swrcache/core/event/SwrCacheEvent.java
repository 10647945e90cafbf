package io.github.swrcache.core.event;

import java.time.Instant;
import java.util.Objects;

/**
 * An event of swr-cache. Immutable. Its creation time is cluster time: the manager's
 * clock plus the measured offset to the Redis server's clock, the same time base as the
 * times of {@link io.github.swrcache.core.CacheLookup}.
 */
public abstract class SwrCacheEvent {

	private final Instant creationTime;

	SwrCacheEvent(Instant creationTime) {
		this.creationTime = Objects.requireNonNull(creationTime, "creationTime must not be null");
	}

	/**
	 * What happened.
	 * @return the event's type
	 */
	public abstract Type type();

	/**
	 * When it happened, in cluster time.
	 * @return the creation time
	 */
	public Instant creationTime() {
		return this.creationTime;
	}

	/**
	 * The types of events.
	 */
	public enum Type {

		/** A read was served without waiting for a load ({@link CacheHitEvent}). */
		HIT,

		/** A read was served a stale value ({@link StaleServedEvent}). */
		STALE_SERVED,

		/** A read waited for a load ({@link CacheMissEvent}). */
		MISS,

		/** A loader call returned ({@link LoadSuccessEvent}). */
		LOAD_SUCCESS,

		/** A loader call threw or timed out ({@link LoadFailureEvent}). */
		LOAD_FAILURE,

		/** A refresh was dropped because the refresh executor was full. */
		REFRESH_DROPPED,

		/** A read was served a fail-safe value ({@link FailSafeEvent}). */
		FAIL_SAFE,

		/**
		 * A load found the key's lock held by another node ({@link LockContendedEvent}).
		 */
		LOCK_CONTENDED,

		/** The circuit breaker in front of Redis changed state. */
		CIRCUIT_STATE_CHANGED,

		/** The invalidation bus reconnected and subscribed again. */
		BUS_RECONNECTED

	}

}
