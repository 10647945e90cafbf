package io.github.swrcache.core;

/**
 * Where a cached value was found.
 */
public enum CacheTier {

	/** The in-process (Caffeine) tier. */
	LOCAL,

	/** The shared (Redis) tier. */
	REMOTE,

	/** Not found in any tier. */
	NONE

}
