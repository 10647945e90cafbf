package io.github.swrcache.core.warmup;

/**
 * Where a {@link CacheWarmer}'s latest pass stands.
 */
public enum WarmUpState {

	/** No pass has started yet. */
	NOT_STARTED,

	/** A pass is loading keys. */
	RUNNING,

	/** The latest pass went through every key without an error. */
	COMPLETED,

	/**
	 * The latest pass could not list its keys, or some batches failed to load (see
	 * {@link WarmUpStatus#errors()}).
	 */
	FAILED

}
