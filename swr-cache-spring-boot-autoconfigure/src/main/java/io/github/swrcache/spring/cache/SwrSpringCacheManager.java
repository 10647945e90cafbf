package io.github.swrcache.spring.cache;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.github.swrcache.core.CachePolicy;
import io.github.swrcache.core.SwrCache;
import io.github.swrcache.core.SwrCacheManager;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * A Spring {@link CacheManager} over the caches of a {@link SwrCacheManager}, so that
 * {@code @Cacheable} and friends use swr-cache. A cache that already exists (created by
 * {@code @SwrCacheable}, say) is used as it is; a new one gets the configured policy and
 * the configured value type ({@code swr.cache.caches.<name>.value-type}), else
 * {@code Object}: without a value type, values read back from Redis are JSON structures
 * (maps, lists, strings, numbers) rather than the cached class.
 */
public class SwrSpringCacheManager implements CacheManager {

	private final SwrCacheManager manager;

	private final Function<String, CachePolicy> policies;

	private final Function<String, @Nullable Class<?>> valueTypes;

	private final Map<String, SwrSpringCache> caches = new ConcurrentHashMap<>();

	/**
	 * Creates a cache manager.
	 * @param manager the swr-cache manager
	 * @param policies the policy of a new cache, by name
	 * @param valueTypes the value type of a new cache, by name, or {@code null} for
	 * {@code Object}
	 */
	public SwrSpringCacheManager(SwrCacheManager manager, Function<String, CachePolicy> policies,
			Function<String, @Nullable Class<?>> valueTypes) {
		this.manager = manager;
		this.policies = policies;
		this.valueTypes = valueTypes;
	}

	@Override
	public Cache getCache(String name) {
		return this.caches.computeIfAbsent(name, (key) -> new SwrSpringCache(swrCache(name)));
	}

	@Override
	public Collection<String> getCacheNames() {
		return this.manager.cacheNames();
	}

	@SuppressWarnings("unchecked")
	private SwrCache<Object, Object> swrCache(String name) {
		SwrCache<?, ?> existing = this.manager.getCache(name);
		if (existing != null) {
			return (SwrCache<Object, Object>) existing;
		}
		Class<?> valueType = this.valueTypes.apply(name);
		return this.manager.cache(name, (valueType != null) ? valueType : Object.class, this.policies.apply(name));
	}

}
