package io.github.swrcache.core.event;

import java.time.Instant;

/**
 * A read waited for a load (counted in {@code cache.gets{result=miss}}); followed by a
 * {@link FailSafeEvent} when the load failed and a fail-safe value was served.
 */
public final class CacheMissEvent extends CacheEvent {

	/**
	 * Creates the event.
	 * @param cacheName the cache's name
	 * @param key the key
	 * @param creationTime when it happened
	 */
	public CacheMissEvent(String cacheName, Object key, Instant creationTime) {
		super(cacheName, key, creationTime);
	}

	@Override
	public Type type() {
		return Type.MISS;
	}

}
