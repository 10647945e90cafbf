package io.github.swrcache.core;

import java.time.Instant;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What {@link SwrCache#peek(Object)} found for a key, without loading anything.
 *
 * @param <V> the value type
 * @param state how the entry would be served now
 * @param value the value when {@code state} is {@code FRESH} or {@code STALE}, else
 * {@code null}; also {@code null} for a cached null
 * @param tier where the entry was found
 * @param createdAt when the load that produced the entry started, or {@code null} when
 * absent
 * @param freshUntil end of the {@code ttl} window, or {@code null} when absent
 * @param staleUntil end of the {@code stale-while-revalidate} window, or {@code null}
 * @param errorUntil end of the {@code stale-if-error} window, or {@code null}
 * @param tags the entry's tags, empty when absent
 */
public record CacheLookup<V>(EntryState state, @Nullable V value, CacheTier tier, @Nullable Instant createdAt,
		@Nullable Instant freshUntil, @Nullable Instant staleUntil, @Nullable Instant errorUntil, Set<String> tags) {

	private static final CacheLookup<?> ABSENT = new CacheLookup<>(EntryState.ABSENT, null, CacheTier.NONE, null, null,
			null, null, Set.of());

	/**
	 * A lookup that found nothing.
	 * @param <V> the value type
	 * @return the absent lookup
	 */
	@SuppressWarnings("unchecked")
	public static <V> CacheLookup<V> absent() {
		return (CacheLookup<V>) ABSENT;
	}

	/**
	 * Whether a value would be served without waiting for a load.
	 * @return {@code true} for {@code FRESH} and {@code STALE}
	 */
	public boolean isPresent() {
		return this.state != EntryState.ABSENT;
	}

}
