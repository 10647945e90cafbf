package io.github.swrcache.core.event;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A read was served a fail-safe value: the last value, in its {@code stale-if-error}
 * window, after a load failed or timed out, or while the key's loads are throttled after
 * a failure.
 */
public final class FailSafeEvent extends CacheEvent {

	private final @Nullable Throwable cause;

	/**
	 * Creates the event.
	 * @param cacheName the cache's name
	 * @param key the key
	 * @param cause the load's failure or timeout, or {@code null} when the value was
	 * served within the fail-safe throttle without a new load
	 * @param creationTime when it happened
	 */
	public FailSafeEvent(String cacheName, Object key, @Nullable Throwable cause, Instant creationTime) {
		super(cacheName, key, creationTime);
		this.cause = cause;
	}

	@Override
	public Type type() {
		return Type.FAIL_SAFE;
	}

	/**
	 * Why the load did not deliver.
	 * @return the failure or timeout, or {@code null} when no load was tried (throttled)
	 */
	public @Nullable Throwable cause() {
		return this.cause;
	}

	@Override
	String details() {
		return ", cause=" + this.cause;
	}

}
