package io.github.swrcache.core.event;

import java.time.Instant;
import java.util.Objects;

import io.github.swrcache.core.CacheTier;
import io.github.swrcache.core.EntryState;

/**
 * A read was served without waiting for a load (counted in
 * {@code cache.gets{result=hit}}).
 */
public final class CacheHitEvent extends CacheEvent {

	private final CacheTier tier;

	private final EntryState state;

	/**
	 * Creates the event.
	 * @param cacheName the cache's name
	 * @param key the key
	 * @param tier where the value came from: {@code LOCAL} or {@code REMOTE}
	 * @param state {@code FRESH}, or {@code STALE} for a stale or fail-safe value
	 * @param creationTime when it happened
	 */
	public CacheHitEvent(String cacheName, Object key, CacheTier tier, EntryState state, Instant creationTime) {
		super(cacheName, key, creationTime);
		this.tier = Objects.requireNonNull(tier, "tier must not be null");
		this.state = Objects.requireNonNull(state, "state must not be null");
	}

	@Override
	public Type type() {
		return Type.HIT;
	}

	/**
	 * The tier the value came from.
	 * @return {@code LOCAL} or {@code REMOTE}
	 */
	public CacheTier tier() {
		return this.tier;
	}

	/**
	 * The state of the value served.
	 * @return {@code FRESH} or {@code STALE}
	 */
	public EntryState state() {
		return this.state;
	}

	@Override
	String details() {
		return ", tier=" + this.tier + ", state=" + this.state;
	}

}
