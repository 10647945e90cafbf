package io.github.swrcache.core;

/**
 * What a caller does when another node held a key's lock for longer than the lock wait
 * and no value landed.
 */
public enum OnLockTimeout {

	/**
	 * Load anyway. The result is served and kept in-process; it is not written to Redis,
	 * since the lock is still another node's.
	 */
	LOAD,

	/**
	 * Fail the call with a {@link SwrLoadException} (or serve the fail-safe value when
	 * one exists), leaving the load to the lock holder.
	 */
	FAIL

}
