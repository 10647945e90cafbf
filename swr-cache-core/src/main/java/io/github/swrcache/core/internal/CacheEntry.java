package io.github.swrcache.core.internal;

import java.time.Instant;
import java.util.Set;

import io.github.swrcache.core.CacheLookup;
import io.github.swrcache.core.CacheTier;
import io.github.swrcache.core.EntryState;
import org.jspecify.annotations.Nullable;

/**
 * One cached value with its windows, all in cluster time (epoch milliseconds). Immutable.
 *
 * @param <V> the value type
 */
public final class CacheEntry<V> {

	static final String[] NO_TAGS = {};

	private final @Nullable V value;

	final long createdAt;

	final long freshUntil;

	final long staleUntil;

	final long errorUntil;

	final long loadMillis;

	final String[] tags;

	/** Not reloaded before this time after a failed load served it as fail-safe. */
	final long retryNotBefore;

	/**
	 * When the shared tier read or wrote this copy (its server time in microseconds), or
	 * {@link RemoteStore#UNKNOWN_TIME}: another node's change that Redis ran before it
	 * does not drop the copy when its message arrives late.
	 */
	final long observedMicros;

	/**
	 * Creates an entry.
	 * @param value the value, {@code null} for a cached null
	 * @param createdAt when the load that produced it started
	 * @param freshUntil end of {@code ttl}
	 * @param staleUntil end of {@code stale-while-revalidate}
	 * @param errorUntil end of {@code stale-if-error}
	 * @param loadMillis how long the load took, for early refresh
	 * @param tags the entry's tags
	 */
	public CacheEntry(@Nullable V value, long createdAt, long freshUntil, long staleUntil, long errorUntil,
			long loadMillis, String[] tags) {
		this(value, createdAt, freshUntil, staleUntil, errorUntil, loadMillis, tags, Long.MIN_VALUE,
				RemoteStore.UNKNOWN_TIME);
	}

	private CacheEntry(@Nullable V value, long createdAt, long freshUntil, long staleUntil, long errorUntil,
			long loadMillis, String[] tags, long retryNotBefore, long observedMicros) {
		this.value = value;
		this.createdAt = createdAt;
		this.freshUntil = freshUntil;
		this.staleUntil = staleUntil;
		this.errorUntil = errorUntil;
		this.loadMillis = loadMillis;
		this.tags = tags;
		this.retryNotBefore = retryNotBefore;
		this.observedMicros = observedMicros;
	}

	public @Nullable V value() {
		return this.value;
	}

	public long createdAt() {
		return this.createdAt;
	}

	public long freshUntil() {
		return this.freshUntil;
	}

	public long staleUntil() {
		return this.staleUntil;
	}

	public long errorUntil() {
		return this.errorUntil;
	}

	public long loadMillis() {
		return this.loadMillis;
	}

	public String[] tags() {
		return this.tags.clone();
	}

	Window window(long now) {
		if (now < this.freshUntil) {
			return Window.FRESH;
		}
		if (now < this.staleUntil) {
			return Window.STALE;
		}
		return (now < this.errorUntil) ? Window.FALLBACK : Window.EXPIRED;
	}

	/**
	 * This entry as the in-process tier keeps it: every window ends by {@code until} at
	 * the latest ({@code local.max-ttl}).
	 * @param until the end of the in-process copy
	 * @return this entry when it ends by then anyway, else a copy with clamped windows
	 */
	CacheEntry<V> clampedTo(long until) {
		if (until >= this.errorUntil) {
			return this;
		}
		return new CacheEntry<>(this.value, this.createdAt, Math.min(this.freshUntil, until),
				Math.min(this.staleUntil, until), until, this.loadMillis, this.tags, this.retryNotBefore,
				this.observedMicros);
	}

	/**
	 * This entry as read or written by the shared tier at {@code micros}.
	 * @param micros the server time in microseconds, or {@link RemoteStore#UNKNOWN_TIME}
	 * @return the copy
	 */
	public CacheEntry<V> observedAt(long micros) {
		if (micros == this.observedMicros) {
			return this;
		}
		return new CacheEntry<>(this.value, this.createdAt, this.freshUntil, this.staleUntil, this.errorUntil,
				this.loadMillis, this.tags, this.retryNotBefore, micros);
	}

	boolean isThrottled(long now) {
		return now < this.retryNotBefore;
	}

	CacheEntry<V> throttledUntil(long retryNotBefore) {
		return new CacheEntry<>(this.value, this.createdAt, this.freshUntil, this.staleUntil, this.errorUntil,
				this.loadMillis, this.tags, retryNotBefore, this.observedMicros);
	}

	/**
	 * This entry after a soft key invalidation: never fresh or stale again, still a
	 * fail-safe value until {@code errorUntil}. The fresh and stale ends move to the
	 * creation time, which every node's clock has passed, rather than to the invalidation
	 * time, which a node with a lagging clock might not have.
	 * @return the error-window-only copy, or this entry when it is one already
	 */
	CacheEntry<V> softened() {
		if (this.staleUntil == this.createdAt) {
			return this;
		}
		return new CacheEntry<>(this.value, this.createdAt, this.createdAt, this.createdAt, this.errorUntil,
				this.loadMillis, this.tags, Long.MIN_VALUE, this.observedMicros);
	}

	/**
	 * Whether this entry was softened by a key invalidation: a loaded entry always has a
	 * positive ttl, so only {@link #softened()} ends its stale window at its creation.
	 * @return whether it is a soft-invalidated entry
	 */
	boolean isSoftened() {
		return this.staleUntil == this.createdAt;
	}

	CacheLookup<V> toLookup(long now, CacheTier tier) {
		Window window = window(now);
		EntryState state = switch (window) {
			case FRESH -> EntryState.FRESH;
			case STALE -> EntryState.STALE;
			default -> EntryState.ABSENT;
		};
		return new CacheLookup<>(state, (state != EntryState.ABSENT) ? this.value : null, tier,
				Instant.ofEpochMilli(this.createdAt), Instant.ofEpochMilli(this.freshUntil),
				Instant.ofEpochMilli(this.staleUntil), Instant.ofEpochMilli(this.errorUntil), Set.of(this.tags));
	}

	/**
	 * Where an entry stands at one instant.
	 */
	enum Window {

		/** Served as is. */
		FRESH,

		/** Served at once, one refresh runs. */
		STALE,

		/** Served only when a load fails or times out. */
		FALLBACK,

		/** Gone. */
		EXPIRED

	}

}
