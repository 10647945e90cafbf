package io.github.swrcache.spring.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import io.github.swrcache.core.CachePolicy;
import io.github.swrcache.spring.autoconfigure.SwrCacheProperties.Cache;
import io.github.swrcache.spring.autoconfigure.SwrCacheProperties.Defaults;
import org.jspecify.annotations.Nullable;

/**
 * The {@link CachePolicy} of each cache as configured: {@code swr.cache.caches.<name>.*}
 * over {@code swr.cache.defaults.*} over swr-cache-core's defaults. Every configured
 * policy is built (and so validated) when this object is created. Thread-safe.
 */
public class SwrCachePolicies {

	private static final String DEFAULTS = "swr.cache.defaults.";

	private final CachePolicy defaultPolicy;

	private final Map<String, CachePolicy> policies = new LinkedHashMap<>();

	private final Map<String, Class<?>> valueTypes = new LinkedHashMap<>();

	/**
	 * Resolves the policies of {@code properties}.
	 * @param properties the bound properties
	 * @throws InvalidSwrCachePropertyException when a value is invalid
	 */
	public SwrCachePolicies(SwrCacheProperties properties) {
		this.defaultPolicy = defaults(properties.getDefaults());
		properties.getCaches().forEach((name, cache) -> {
			this.policies.put(name, override(this.defaultPolicy, "swr.cache.caches." + name + ".", cache));
			if (cache.getValueType() != null) {
				this.valueTypes.put(name, cache.getValueType());
			}
		});
	}

	/**
	 * The policy of caches without an override.
	 * @return the default policy
	 */
	public CachePolicy getDefaultPolicy() {
		return this.defaultPolicy;
	}

	/**
	 * The policy of a cache.
	 * @param cacheName the cache name
	 * @return its configured policy, or the default policy
	 */
	public CachePolicy getPolicy(String cacheName) {
		return this.policies.getOrDefault(cacheName, this.defaultPolicy);
	}

	/**
	 * The policies configured per cache ({@code swr.cache.caches.<name>.*}).
	 * @param action called with each configured cache name and its policy
	 */
	public void forEachConfigured(BiConsumer<String, CachePolicy> action) {
		this.policies.forEach(action);
	}

	/**
	 * The value type configured for a cache ({@code swr.cache.caches.<name>.value-type}).
	 * @param cacheName the cache name
	 * @return the class, or {@code null} when none is configured
	 */
	public @Nullable Class<?> getValueType(String cacheName) {
		return this.valueTypes.get(cacheName);
	}

	private static CachePolicy defaults(Defaults defaults) {
		CachePolicy.Builder builder = CachePolicy.builder();
		PropertyCheck.apply(DEFAULTS + "ttl", defaults.getTtl(), builder::ttl);
		PropertyCheck.apply(DEFAULTS + "stale-while-revalidate", defaults.getStaleWhileRevalidate(),
				builder::staleWhileRevalidate);
		PropertyCheck.apply(DEFAULTS + "stale-if-error", defaults.getStaleIfError(), builder::staleIfError);
		PropertyCheck.apply(DEFAULTS + "jitter", defaults.getJitter(), builder::jitter);
		builder.earlyRefresh(defaults.isEarlyRefresh());
		PropertyCheck.apply(DEFAULTS + "load-timeout", defaults.getLoadTimeout(),
				(timeout) -> builder.loadTimeout(orNone(timeout)));
		PropertyCheck.apply(DEFAULTS + "load-hard-timeout", defaults.getLoadHardTimeout(),
				(timeout) -> builder.loadHardTimeout(orNone(timeout)));
		PropertyCheck.apply(DEFAULTS + "fail-safe-throttle", defaults.getFailSafeThrottle(), builder::failSafeThrottle);
		builder.cacheNulls(defaults.isCacheNulls());
		PropertyCheck.apply(DEFAULTS + "null-ttl", defaults.getNullTtl(), builder::nullTtl);
		builder.softInvalidation(defaults.isSoftInvalidation());
		return build(builder, DEFAULTS, defaults.getLoadHardTimeout());
	}

	private static CachePolicy override(CachePolicy base, String prefix, Cache cache) {
		CachePolicy.Builder builder = base.mutate();
		PropertyCheck.applyIfSet(prefix + "ttl", cache.getTtl(), builder::ttl);
		PropertyCheck.applyIfSet(prefix + "stale-while-revalidate", cache.getStaleWhileRevalidate(),
				builder::staleWhileRevalidate);
		PropertyCheck.applyIfSet(prefix + "stale-if-error", cache.getStaleIfError(), builder::staleIfError);
		PropertyCheck.applyIfSet(prefix + "jitter", cache.getJitter(), builder::jitter);
		PropertyCheck.applyIfSet(prefix + "early-refresh", cache.getEarlyRefresh(), builder::earlyRefresh);
		PropertyCheck.applyIfSet(prefix + "load-timeout", cache.getLoadTimeout(),
				(timeout) -> builder.loadTimeout(orNone(timeout)));
		PropertyCheck.applyIfSet(prefix + "load-hard-timeout", cache.getLoadHardTimeout(),
				(timeout) -> builder.loadHardTimeout(orNone(timeout)));
		PropertyCheck.applyIfSet(prefix + "fail-safe-throttle", cache.getFailSafeThrottle(), builder::failSafeThrottle);
		PropertyCheck.applyIfSet(prefix + "cache-nulls", cache.getCacheNulls(), builder::cacheNulls);
		PropertyCheck.applyIfSet(prefix + "null-ttl", cache.getNullTtl(), builder::nullTtl);
		PropertyCheck.applyIfSet(prefix + "soft-invalidation", cache.getSoftInvalidation(), builder::softInvalidation);
		return build(builder, prefix,
				(cache.getLoadHardTimeout() != null) ? cache.getLoadHardTimeout() : base.loadHardTimeout());
	}

	/**
	 * A load timeout as swr-cache-core takes it: {@code 0} is the YAML spelling of "no
	 * timeout", so that a cache can remove a timeout that the defaults set.
	 */
	private static @Nullable Duration orNone(@Nullable Duration timeout) {
		return (timeout != null && timeout.isZero()) ? null : timeout;
	}

	private static CachePolicy build(CachePolicy.Builder builder, String prefix, @Nullable Object loadHardTimeout) {
		try {
			return builder.build();
		}
		catch (IllegalArgumentException ex) {
			// The only rule build() checks across values is load-hard-timeout >=
			// load-timeout.
			throw PropertyCheck.invalid(prefix + "load-hard-timeout", loadHardTimeout, ex);
		}
	}

}
