package io.github.swrcache.core.internal;

/**
 * What the shared tier counts for one cache.
 */
public interface RemoteStats {

	/**
	 * A command failed or timed out; the read or write went on without the shared tier.
	 * @param error the failure
	 */
	void remoteError(Throwable error);

	/** Bytes under a key could not be decoded: deleted and treated as a miss. */
	void decodeFailure();

	/** A value larger than {@code max-value-size} was kept in-process only. */
	void oversizeValue();

	/** A key's lock was taken for a load. */
	void lockAcquired();

	/** A key's lock was held by another node. */
	void lockContended();

	/** The wait for another node's load ended without a value. */
	void lockWaitTimedOut();

	/**
	 * A key's lock was held by another node.
	 * @param key the key
	 */
	default void lockContended(Object key) {
		lockContended();
	}

	/**
	 * An idempotent read failed on a reset connection and was sent once more.
	 * @param success whether the second attempt succeeded
	 */
	default void remoteRetried(boolean success) {
	}

}
