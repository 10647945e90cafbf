package io.github.swrcache.spring.cache;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.github.swrcache.core.CacheLookup;
import io.github.swrcache.core.SwrCache;
import io.github.swrcache.core.SwrLoadException;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;
import org.springframework.cache.support.SimpleValueWrapper;

/**
 * A Spring {@link Cache} over a {@link SwrCache}. {@link #get(Object, Callable)} (used by
 * {@code @Cacheable(sync = true)}) and {@link #retrieve(Object, Supplier)} load through
 * swr-cache, with stale-while-revalidate and cluster-wide stampede protection; the plain
 * lookups {@link #get(Object)} and {@link #retrieve(Object)} never load nor refresh.
 * Thread-safe.
 */
public class SwrSpringCache implements Cache {

	private final SwrCache<Object, Object> cache;

	/**
	 * Creates a cache.
	 * @param cache the swr-cache cache
	 */
	public SwrSpringCache(SwrCache<Object, Object> cache) {
		this.cache = cache;
	}

	@Override
	public String getName() {
		return this.cache.name();
	}

	@Override
	public SwrCache<Object, Object> getNativeCache() {
		return this.cache;
	}

	@Override
	public @Nullable ValueWrapper get(Object key) {
		CacheLookup<Object> lookup = this.cache.peek(key);
		return lookup.isPresent() ? new SimpleValueWrapper(lookup.value()) : null;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, @Nullable Class<T> type) {
		Object value = this.cache.peek(key).value();
		if (value != null && type != null && !type.isInstance(value)) {
			throw new IllegalStateException(
					"Cached value is not of required type [" + type.getName() + "]: " + value.getClass().getName());
		}
		return (T) value;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		try {
			return (T) this.cache.get(key, (k) -> valueLoader.call());
		}
		catch (SwrLoadException ex) {
			throw new ValueRetrievalException(key, valueLoader, (ex.getCause() != null) ? ex.getCause() : ex);
		}
	}

	@Override
	public @Nullable CompletableFuture<?> retrieve(Object key) {
		CacheLookup<Object> lookup = this.cache.peek(key);
		return lookup.isPresent() ? CompletableFuture.completedFuture(lookup.value()) : null;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
		return (CompletableFuture<T>) this.cache.getAsync(key,
				(k, executor) -> (CompletableFuture<Object>) valueLoader.get());
	}

	@Override
	public void put(Object key, @Nullable Object value) {
		if (value == null && !this.cache.policy().cacheNulls()) {
			this.cache.invalidate(key);
			return;
		}
		this.cache.put(key, value);
	}

	@Override
	public void evict(Object key) {
		this.cache.invalidate(key);
	}

	@Override
	public boolean evictIfPresent(Object key) {
		boolean present = this.cache.peek(key).isPresent();
		this.cache.invalidate(key);
		return present;
	}

	@Override
	public void clear() {
		this.cache.invalidateAll();
	}

	@Override
	public boolean invalidate() {
		this.cache.invalidateAll();
		return true;
	}

	/**
	 * Stores the value only if the key has no value, atomically across the cluster
	 * ({@link SwrCache#putIfAbsent(Object, Object)}). A {@code null} value is stored
	 * (when the cache caches nulls) only if no value is present, but not atomically.
	 */
	@Override
	public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
		if (value == null) {
			ValueWrapper existing = get(key);
			if (existing == null && this.cache.policy().cacheNulls()) {
				this.cache.put(key, null);
			}
			return existing;
		}
		Object existing = this.cache.putIfAbsent(key, value);
		return (existing != null) ? new SimpleValueWrapper(existing) : null;
	}

}
