package io.github.swrcache.core.event;

import java.time.Instant;

/**
 * A load found the key's distributed lock held by another node: this node waits for that
 * node's value instead of loading.
 */
public final class LockContendedEvent extends CacheEvent {

	/**
	 * Creates the event.
	 * @param cacheName the cache's name
	 * @param key the key
	 * @param creationTime when it happened
	 */
	public LockContendedEvent(String cacheName, Object key, Instant creationTime) {
		super(cacheName, key, creationTime);
	}

	@Override
	public Type type() {
		return Type.LOCK_CONTENDED;
	}

}
