package io.github.swrcache.core;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.github.swrcache.core.event.CacheEventPublisher;
import org.jspecify.annotations.Nullable;

/**
 * A named stale-while-revalidate cache. Thread-safe. Keys must not be {@code null} and
 * must have value semantics ({@code equals}/{@code hashCode}); a {@code null} key is
 * rejected with a {@link NullPointerException} that names the argument.
 *
 * <p>
 * A read returns a fresh or stale value at once; a stale value also starts one background
 * refresh. Only a caller that finds no servable value waits for a load, and concurrent
 * callers of one key share that load.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface SwrCache<K, V> {

	/**
	 * The cache's name.
	 * @return the name
	 */
	String name();

	/**
	 * The cache's policy.
	 * @return the policy
	 */
	CachePolicy policy();

	/**
	 * Returns the value for {@code key}, loading it with {@code loader} when no fresh or
	 * stale value is cached.
	 * @param key the key
	 * @param loader loads the value on a miss and for refreshes
	 * @return the value, or {@code null} when the loader found none
	 * @throws SwrLoadException when a load was needed, failed or timed out, and no
	 * fail-safe value existed
	 */
	@Nullable V get(K key, Loader<? super K, ? extends V> loader);

	/**
	 * Like {@link #get(Object, Loader)}, with a loader that sees a {@link LoadContext}.
	 * @param key the key
	 * @param loader loads the value on a miss and for refreshes
	 * @return the value, or {@code null} when the loader found none
	 * @throws SwrLoadException when a load was needed and failed without fallback
	 */
	@Nullable V get(K key, ContextLoader<? super K, V> loader);

	/**
	 * Returns the values of many keys; the keys with no servable value are loaded with
	 * one call of {@code bulkLoader}. Keys already being loaded by another caller are
	 * awaited, not loaded again.
	 * @param keys the keys
	 * @param bulkLoader loads the missing keys
	 * @return the keys that have values, in the order of {@code keys}
	 * @throws SwrLoadException when the bulk load failed and a key without fallback was
	 * needed
	 */
	Map<K, V> getAll(Iterable<? extends K> keys, BulkLoader<K, V> bulkLoader);

	/**
	 * Returns the value for {@code key} without blocking the calling thread.
	 * @param key the key
	 * @param loader starts a load on a miss and for refreshes
	 * @return a future of the value; completed exceptionally with
	 * {@link SwrLoadException} where {@link #get(Object, Loader)} would throw it
	 */
	CompletableFuture<@Nullable V> getAsync(K key, AsyncLoader<? super K, V> loader);

	/**
	 * Like {@link #getAsync(Object, AsyncLoader)}, with a loader that sees a
	 * {@link LoadContext}.
	 * @param key the key
	 * @param loader starts a load on a miss and for refreshes
	 * @return a future of the value
	 */
	CompletableFuture<@Nullable V> getAsync(K key, AsyncContextLoader<? super K, V> loader);

	/**
	 * Looks up {@code key} without loading or refreshing anything.
	 * @param key the key
	 * @return the entry's state, times and tier
	 */
	CacheLookup<V> peek(K key);

	/**
	 * Stores a value as if just loaded, replacing any entry and any load in progress.
	 * @param key the key
	 * @param value the value; {@code null} only when the policy caches nulls
	 */
	void put(K key, @Nullable V value);

	/**
	 * Stores a value with tags, as if just loaded, replacing any entry and any load in
	 * progress.
	 * @param key the key
	 * @param value the value; {@code null} only when the policy caches nulls
	 * @param tags the entry's tags, for {@link #invalidateTag(String)}
	 * @throws IllegalArgumentException when a tag is blank
	 */
	void put(K key, @Nullable V value, Collection<String> tags);

	/**
	 * Removes the entry of {@code key}. A load that was in progress does not store its
	 * result.
	 * @param key the key
	 */
	void invalidate(K key);

	/**
	 * Invalidates every entry that carries {@code tag} and was loaded before now, in
	 * constant time.
	 * @param tag the tag
	 */
	void invalidateTag(String tag);

	/**
	 * Invalidates every entry of this cache loaded before now, in constant time.
	 */
	void invalidateAll();

	/**
	 * A snapshot of the cache's statistics since it was created.
	 * @return the statistics
	 */
	CacheStatistics statistics();

	/**
	 * Deletes every entry whose key id matches a Redis glob, for operators: with Redis,
	 * by {@code SCAN} and {@code UNLINK} in batches on every server (every master of a
	 * Cluster; never {@code KEYS}), with the glob confined to this cache's keys; then the
	 * in-process tier of this cache is flushed on every node. Without Redis, the matching
	 * entries of the in-process tier are removed. A load in progress for a matching key
	 * does not store its result (its lock is deleted too).
	 * <p>
	 * The glob ({@code *}, {@code ?}, {@code [a-z]}, {@code [^a]}, {@code \x}) is matched
	 * against the UTF-8 bytes of the key id, which is {@code String.valueOf(key)}; with
	 * Redis, a key id longer than 200 characters is its first 64 characters, {@code #}
	 * and its SHA-256 in hex, and only that form is matched. The call blocks until every
	 * batch is done and its cost grows with the size of the whole Redis keyspace, since
	 * {@code SCAN} walks all of it: it is an operator's tool, not a way to invalidate on
	 * every write (use tags for that).
	 * @param glob the glob
	 * @return the counts
	 * @throws IllegalArgumentException when the glob is blank, longer than 256
	 * characters, ends in a lone backslash, or opens a {@code [} it does not close
	 * @throws IllegalStateException when Redis failed part-way; the entries deleted so
	 * far stay deleted and the in-process tier is flushed all the same
	 */
	PatternInvalidation invalidateMatching(String glob);

	/**
	 * Reads, modifies and writes the value of {@code key} atomically across the cluster.
	 * Under the key's lock (the one loads take; waited for at most the lock wait),
	 * {@code function} gets the current servable value (fresh or stale, not invalidated;
	 * with a shared tier the shared value, else the in-process one) or {@code null}, and
	 * its result is stored as if just loaded, keeping the entry's tags; the other nodes
	 * drop their copies as after {@link #put(Object, Object)}. A {@code null} result
	 * removes the entry. The write is fenced by the lock: when the key is invalidated or
	 * written, or a tag or clear invalidation of the entry lands, while {@code function}
	 * runs, that invalidation wins, nothing is written, and
	 * {@link SwrWriteConflictException} is thrown; {@code function} is never called twice
	 * by one update. With the shared tier unreachable, the update is atomic within this
	 * JVM only and the other nodes are told to drop the key once it is back.
	 * @param key the key
	 * @param function computes the new value from the current one; runs on the caller's
	 * thread while the lock is held, so it should be short
	 * @return the value stored, or {@code null} when the entry was removed
	 * @throws SwrWriteConflictException when the lock was not free within the lock wait,
	 * or an invalidation or write of the key won
	 */
	@Nullable V update(K key, Function<? super @Nullable V, ? extends @Nullable V> function);

	/**
	 * Stores {@code value} only if the key has no servable value (fresh or stale, and not
	 * invalidated), atomically across the cluster as {@link #update(Object, Function)}. A
	 * cached {@code null} counts as no value.
	 * @param key the key
	 * @param value the value
	 * @return the existing value, or {@code null} when {@code value} was stored
	 * @throws SwrWriteConflictException as {@link #update(Object, Function)}
	 */
	@Nullable V putIfAbsent(K key, V value);

	/**
	 * Stores {@code value} only if the key has a servable value (not a cached
	 * {@code null}), atomically across the cluster as {@link #update(Object, Function)},
	 * keeping the entry's tags.
	 * @param key the key
	 * @param value the value
	 * @return whether the value was stored
	 * @throws SwrWriteConflictException as {@link #update(Object, Function)}
	 */
	boolean replace(K key, V value);

	/**
	 * {@link #invalidate(Object)} without waiting for Redis: the entry is gone from this
	 * node and loads in progress here are fenced before this method returns; the future
	 * completes once Redis has deleted the entry and told the other nodes, or once the
	 * invalidation could not be sent (Redis unreachable, circuit open) and was queued to
	 * be sent again when Redis answers. It never completes exceptionally for a Redis
	 * failure.
	 * @param key the key
	 * @return the completion, on a Redis I/O or scheduler thread: do not block in its
	 * callbacks
	 */
	CompletableFuture<Void> invalidateAsync(K key);

	/**
	 * {@link #invalidateTag(String)} without waiting for Redis: the tag's mark is set on
	 * this node before this method returns; the future completes as for
	 * {@link #invalidateAsync(Object)}.
	 * @param tag the tag
	 * @return the completion
	 */
	CompletableFuture<Void> invalidateTagAsync(String tag);

	/**
	 * {@link #invalidateAll()} without waiting for Redis: the cache-wide mark is set and
	 * the in-process tier cleared before this method returns; the future completes as for
	 * {@link #invalidateAsync(Object)}.
	 * @return the completion
	 */
	CompletableFuture<Void> invalidateAllAsync();

	/**
	 * Where listeners of this cache's events register: hits, stale serves, misses, loads,
	 * dropped refreshes, fail-safe serves and contended locks. Events are created only
	 * for types someone listens to.
	 * @return the cache's event publisher
	 */
	CacheEventPublisher eventPublisher();

}
