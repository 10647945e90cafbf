package io.github.swrcache.core.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import io.github.swrcache.core.PatternInvalidation;
import org.jspecify.annotations.Nullable;

/**
 * One cache's view of the shared tier. Every method is asynchronous and must not throw:
 * failures complete the future exceptionally.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface RemoteStore<K, V> {

	/** {@link #writeAndUnlock} lost the lock: nothing was written. */
	long LOST = -1;

	/**
	 * The time of a read or write when the shared tier did not tell it (no shared tier,
	 * or a value kept in-process only).
	 */
	long UNKNOWN_TIME = 0;

	/**
	 * Reads this cache's tag and clear marks from the shared tier and reports them to the
	 * cache's events, so that entries invalidated before this node started are not
	 * served.
	 */
	void loadMarks();

	/**
	 * The id of {@code key} in the shared tier and on the bus.
	 * @param key the key
	 * @return the key id
	 */
	String keyId(K key);

	/**
	 * Reads the entry and, when it is not servable, tries to take the key's lock with
	 * {@code token}, in one round trip where possible.
	 * @param key the key
	 * @param token this load's lock token
	 * @param refresh whether only a fresh entry spares the lock (a refresh), rather than
	 * a fresh or stale one (a miss)
	 * @param valid whether an entry is still valid (not invalidated by a tag or clear
	 * mark); an invalid one does not spare the lock, and is not returned
	 * @return the entry found and whether the lock was taken
	 */
	CompletableFuture<LockOutcome<V>> readOrLock(K key, String token, boolean refresh, Predicate<CacheEntry<V>> valid);

	/**
	 * {@link #readOrLock(Object, String, boolean)} for many keys in as few round trips as
	 * possible.
	 * @param keys the keys
	 * @param token this load's lock token
	 * @param refresh whether only fresh entries spare the lock
	 * @param valid whether an entry is still valid (not invalidated by a mark)
	 * @return an outcome for each key
	 */
	CompletableFuture<Map<K, LockOutcome<V>>> readOrLockAll(Collection<K> keys, String token, boolean refresh,
			Predicate<CacheEntry<V>> valid);

	/**
	 * Reads the entry, without locking.
	 * @param key the key
	 * @return the entry, or {@code null}
	 */
	CompletableFuture<@Nullable CacheEntry<V>> read(K key);

	/**
	 * Writes the entry only while {@code token} still holds the key's lock (fencing),
	 * then releases the lock and wakes other nodes' waiters.
	 * @param key the key
	 * @param entry the entry
	 * @param token the lock token
	 * @return {@link #LOST} when the lock was lost (the key was invalidated or written
	 * meanwhile), so the entry must not be installed anywhere; otherwise the server time
	 * of the write in microseconds, or {@link #UNKNOWN_TIME} when the entry stays
	 * in-process only (too large, not encodable)
	 */
	CompletableFuture<Long> writeAndUnlock(K key, CacheEntry<V> entry, String token);

	/**
	 * Releases the key's lock if {@code token} still holds it.
	 * @param key the key
	 * @param token the lock token
	 * @return completion
	 */
	CompletableFuture<Void> unlock(K key, String token);

	/**
	 * Waits for another node's load of the key to land: woken by the bus, with a polling
	 * fallback. If the lock is released without a value (the holder failed) or its lease
	 * runs out (the holder died), the lock is taken with {@code token} instead.
	 * @param key the key
	 * @param token this load's lock token
	 * @param max the longest wait
	 * @param acceptable whether an entry found is the awaited one
	 * @return the awaited entry, or the lock taken, or neither when the wait timed out
	 */
	CompletableFuture<LockOutcome<V>> awaitValue(K key, String token, Duration max,
			Predicate<CacheEntry<V>> acceptable);

	/**
	 * Writes the entry unconditionally and tells the other nodes.
	 * @param key the key
	 * @param entry the entry
	 * @return completion
	 */
	CompletableFuture<Void> put(K key, CacheEntry<V> entry);

	/**
	 * Deletes the entry and the key's lock, and tells the other nodes.
	 * @param key the key
	 * @return completion
	 */
	CompletableFuture<Void> invalidate(K key);

	/**
	 * Records a tag invalidation and tells the other nodes.
	 * @param tag the tag
	 * @param at cluster time of the invalidation
	 * @return completion
	 */
	CompletableFuture<Void> invalidateTag(String tag, long at);

	/**
	 * Records an invalidation of the whole cache and tells the other nodes.
	 * @param at cluster time of the invalidation
	 * @return completion
	 */
	CompletableFuture<Void> invalidateAll(long at);

	/**
	 * Takes the key's lock for an atomic write and reads the entry in the same round
	 * trip. While another node or load holds the lock, waits for it to be released (woken
	 * by the bus, with a polling fallback) for at most {@code max}.
	 * @param key the key
	 * @param token the write's lock token
	 * @param max the longest wait
	 * @return the entry under the key, whatever its windows (or {@code null}), and
	 * whether the lock was taken; not taken means the wait timed out
	 */
	CompletableFuture<LockOutcome<V>> lockForWrite(K key, String token, Duration max);

	/**
	 * The fenced write of an atomic write: only while {@code token} still holds the key's
	 * lock, stores the entry (or deletes the key's entry when {@code entry} is
	 * {@code null}), releases the lock, and tells the other nodes as
	 * {@link #put(Object, CacheEntry)} and {@link #invalidate(Object)} do.
	 * @param key the key
	 * @param entry the entry, or {@code null} to delete
	 * @param token the write's lock token
	 * @return {@code false} when the lock was lost (the key was invalidated or written
	 * meanwhile) and nothing was written; {@code true} otherwise, also when the entry
	 * stays in-process only (too large, not encodable: the shared entry is then deleted)
	 */
	CompletableFuture<Boolean> writeFenced(K key, @Nullable CacheEntry<V> entry, String token);

	/**
	 * The outcome of {@link #readOrLock(Object, String)}.
	 *
	 * @param <V> the value type
	 * @param entry the entry found, or {@code null}; it carries the server time at which
	 * the shared tier read it ({@link CacheEntry#observedAt(long)}), or
	 * {@link #UNKNOWN_TIME}
	 * @param acquired whether the lock was taken with the caller's token
	 */
	record LockOutcome<V>(@Nullable CacheEntry<V> entry, boolean acquired) {

		private static final LockOutcome<?> ACQUIRED = new LockOutcome<>(null, true);

		/**
		 * The outcome when there is no shared tier, or it cannot be reached: the in-JVM
		 * single flight is the only lock.
		 * @param <V> the value type
		 * @return an outcome with no entry and the lock taken
		 */
		@SuppressWarnings("unchecked")
		public static <V> LockOutcome<V> lockAcquired() {
			return (LockOutcome<V>) ACQUIRED;
		}

	}

	/**
	 * Deletes the entries whose key ids match {@code glob}, with their locks (so that a
	 * load in progress does not store its result), and then tells the other nodes to
	 * flush their in-process tier of this cache.
	 * @param glob the glob over key ids
	 * @return the counts, or {@code null} when there is no shared tier (the in-process
	 * tier is all there is)
	 */
	CompletableFuture<@Nullable PatternInvalidation> invalidateMatching(KeyGlob glob);

	/**
	 * A soft key invalidation: keeps the entry only as a fail-safe value (its fresh and
	 * stale windows end, its error window and expiry stay), deletes the key's lock
	 * (fencing any load in progress), and tells the other nodes.
	 * @param key the key
	 * @return completion
	 */
	default CompletableFuture<Void> softInvalidate(K key) {
		return invalidate(key);
	}

}
