package io.github.swrcache.core.event;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * An event of one cache. The events of a cache mirror its
 * {@link io.github.swrcache.core.CacheStatistics}: each count is one event, so a stale
 * read is a {@link CacheHitEvent} followed by a {@link StaleServedEvent}.
 */
public abstract class CacheEvent extends SwrCacheEvent {

	private final String cacheName;

	private final @Nullable Object key;

	CacheEvent(String cacheName, @Nullable Object key, Instant creationTime) {
		super(creationTime);
		this.cacheName = Objects.requireNonNull(cacheName, "cacheName must not be null");
		this.key = key;
	}

	/**
	 * The cache's name.
	 * @return the name
	 */
	public String cacheName() {
		return this.cacheName;
	}

	/**
	 * The key the event is about.
	 * @return the key, or {@code null} when the event concerns several keys (a bulk load)
	 */
	public @Nullable Object key() {
		return this.key;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[cache=" + this.cacheName + ", key=" + this.key + ", at=" + creationTime()
				+ details() + "]";
	}

	String details() {
		return "";
	}

}
