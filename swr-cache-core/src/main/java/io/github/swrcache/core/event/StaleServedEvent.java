package io.github.swrcache.core.event;

import java.time.Instant;

/**
 * A read was served a stale value while one refresh of the key runs; always preceded by
 * the read's {@link CacheHitEvent}.
 */
public final class StaleServedEvent extends CacheEvent {

	/**
	 * Creates the event.
	 * @param cacheName the cache's name
	 * @param key the key
	 * @param creationTime when it happened
	 */
	public StaleServedEvent(String cacheName, Object key, Instant creationTime) {
		super(cacheName, key, creationTime);
	}

	@Override
	public Type type() {
		return Type.STALE_SERVED;
	}

}
