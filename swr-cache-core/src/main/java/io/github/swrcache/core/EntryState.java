package io.github.swrcache.core;

/**
 * The state of a cache entry as a caller sees it.
 *
 * @see CacheLookup
 */
public enum EntryState {

	/** Within its {@code ttl}: served as is. */
	FRESH,

	/** Within {@code stale-while-revalidate}: served at once while one refresh runs. */
	STALE,

	/**
	 * Not served without a load: missing, invalidated, expired, or only kept as a
	 * fail-safe fallback for the {@code stale-if-error} window.
	 */
	ABSENT

}
