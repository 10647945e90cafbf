package io.github.swrcache.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Loads the value of one key without blocking the calling thread, with access to a
 * {@link LoadContext}: the stale value, tags, ttl, and whether to store the result.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@FunctionalInterface
public interface AsyncContextLoader<K, V> {

	/**
	 * Starts loading the value for {@code key}.
	 * @param key the key, never {@code null}
	 * @param context the load's context; tags and ttl set before the returned future
	 * completes apply to the entry
	 * @param executor the cache's load executor, for loaders that need one
	 * @return a future of the value; completed with {@code null} when there is none
	 * @throws Exception when the load cannot even be started
	 */
	CompletableFuture<V> load(K key, LoadContext<V> context, Executor executor) throws Exception;

}
