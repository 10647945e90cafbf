package io.github.swrcache.core;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

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
	 * Where listeners of this cache's events register: hits, stale serves, misses, loads,
	 * dropped refreshes, fail-safe serves and contended locks. Events are created only
	 * for types someone listens to.
	 * @return the cache's event publisher
	 */
	CacheEventPublisher eventPublisher();

}
