package io.github.swrcache.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Loads the value of one key without blocking the calling thread.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@FunctionalInterface
public interface AsyncLoader<K, V> {

	/**
	 * Starts loading the value for {@code key}.
	 * @param key the key, never {@code null}
	 * @param executor the cache's load executor, for loaders that need one
	 * @return a future of the value; completed with {@code null} when there is none
	 * @throws Exception when the load cannot even be started
	 */
	CompletableFuture<V> load(K key, Executor executor) throws Exception;

}
