package io.github.swrcache.core.event;

import java.time.Instant;

/**
 * A background refresh of the key was not run because the refresh executor was full; the
 * stale value stays served and a later read tries again.
 */
public final class RefreshDroppedEvent extends CacheEvent {

	/**
	 * Creates the event.
	 * @param cacheName the cache's name
	 * @param key the key
	 * @param creationTime when it happened
	 */
	public RefreshDroppedEvent(String cacheName, Object key, Instant creationTime) {
		super(cacheName, key, creationTime);
	}

	@Override
	public Type type() {
		return Type.REFRESH_DROPPED;
	}

}
