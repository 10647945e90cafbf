package io.github.swrcache.core.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.github.swrcache.core.AsyncContextLoader;
import io.github.swrcache.core.AsyncLoader;
import io.github.swrcache.core.BulkLoader;
import io.github.swrcache.core.ContextLoader;
import io.github.swrcache.core.Loader;
import org.jspecify.annotations.Nullable;

/**
 * The user's loader, single, contextual or asynchronous, behind one asynchronous shape. A
 * blocking loader runs in the calling thread: {@link LoadPipeline} calls it from the
 * thread that may block (the caller's own, a refresh thread, or the load executor when a
 * timeout must be able to end the caller's wait).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@FunctionalInterface
interface LoadFunction<K, V> {

	CompletableFuture<@Nullable V> start(K key, DefaultLoadContext<V> context);

	static <K, V> LoadFunction<K, V> of(Loader<? super K, ? extends V> loader) {
		return blocking((key, context) -> loader.load(key));
	}

	static <K, V> LoadFunction<K, V> of(ContextLoader<? super K, V> loader) {
		return blocking(loader);
	}

	/**
	 * One key of a bulk loader: for a single key that has to be loaded on its own (its
	 * lock was held by another node, or it is refreshed alone).
	 */
	static <K, V> LoadFunction<K, V> ofOneKey(BulkLoader<K, V> loader) {
		return of((K key) -> {
			Map<K, V> values = loader.loadAll(Set.of(key));
			return (values != null) ? values.get(key) : null;
		});
	}

	static <K, V> LoadFunction<K, V> async(AsyncLoader<? super K, V> loader, Executor loadExecutor) {
		return (key, context) -> {
			try {
				CompletableFuture<V> future = loader.load(key, loadExecutor);
				return (future != null) ? future
						: CompletableFuture.failedFuture(new NullPointerException("async loader returned no future"));
			}
			catch (Throwable ex) {
				return CompletableFuture.failedFuture(ex);
			}
		};
	}

	static <K, V> LoadFunction<K, V> async(AsyncContextLoader<? super K, V> loader, Executor loadExecutor) {
		return (key, context) -> {
			try {
				CompletableFuture<V> future = loader.load(key, context, loadExecutor);
				return (future != null) ? future
						: CompletableFuture.failedFuture(new NullPointerException("async loader returned no future"));
			}
			catch (Throwable ex) {
				return CompletableFuture.failedFuture(ex);
			}
		};
	}

	private static <K, V> LoadFunction<K, V> blocking(ContextLoader<? super K, V> loader) {
		return (key, context) -> {
			try {
				return CompletableFuture.completedFuture(loader.load(key, context));
			}
			catch (Throwable ex) {
				return CompletableFuture.failedFuture(ex);
			}
		};
	}

}
