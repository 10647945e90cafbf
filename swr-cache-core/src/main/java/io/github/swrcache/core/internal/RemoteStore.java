package io.github.swrcache.core.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * One cache's view of the shared tier. Every method is asynchronous and must not throw:
 * failures complete the future exceptionally.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface RemoteStore<K, V> {

	/**
	 * Reads the entry and, when there is none, tries to take the key's lock with
	 * {@code token}, in one round trip where possible.
	 * @param key the key
	 * @param token this load's lock token
	 * @return the entry found and whether the lock was taken
	 */
	CompletableFuture<LockOutcome<V>> readOrLock(K key, String token);

	/**
	 * {@link #readOrLock(Object, String)} for many keys in one round trip where possible.
	 * @param keys the keys
	 * @param token this load's lock token
	 * @return an outcome for each key
	 */
	CompletableFuture<Map<K, LockOutcome<V>>> readOrLockAll(Collection<K> keys, String token);

	/**
	 * Reads the entry, without locking.
	 * @param key the key
	 * @return the entry, or {@code null}
	 */
	CompletableFuture<@Nullable CacheEntry<V>> read(K key);

	/**
	 * Writes the entry only while {@code token} still holds the key's lock (fencing),
	 * then releases the lock.
	 * @param key the key
	 * @param entry the entry
	 * @param token the lock token
	 * @return whether the entry was written
	 */
	CompletableFuture<Boolean> writeAndUnlock(K key, CacheEntry<V> entry, String token);

	/**
	 * Releases the key's lock if {@code token} still holds it.
	 * @param key the key
	 * @param token the lock token
	 * @return completion
	 */
	CompletableFuture<Void> unlock(K key, String token);

	/**
	 * Waits for another node's load of the key to land.
	 * @param key the key
	 * @param max the longest wait
	 * @return the entry, or {@code null} when none landed in time
	 */
	CompletableFuture<@Nullable CacheEntry<V>> awaitValue(K key, Duration max);

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
	 * The outcome of {@link #readOrLock(Object, String)}.
	 *
	 * @param <V> the value type
	 * @param entry the entry found, or {@code null}
	 * @param acquired whether the lock was taken with the caller's token
	 */
	record LockOutcome<V>(@Nullable CacheEntry<V> entry, boolean acquired) {

		private static final LockOutcome<?> ACQUIRED = new LockOutcome<>(null, true);

		@SuppressWarnings("unchecked")
		static <V> LockOutcome<V> lockAcquired() {
			return (LockOutcome<V>) ACQUIRED;
		}

	}

}
