package io.github.swrcache.spring.aop;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.github.swrcache.core.CachePolicy;
import io.github.swrcache.spring.annotation.SwrCacheEvict;
import io.github.swrcache.spring.annotation.SwrCachePut;
import io.github.swrcache.spring.annotation.SwrCacheable;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.expression.AnnotatedElementKey;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Reads the annotations of a method once and keeps what they say. Invalid attributes
 * (blank cache name, bad duration) fail when the bean is proxied, that is at start-up.
 */
final class CacheOperations {

	private final Map<AnnotatedElementKey, Optional<Operations>> operations = new ConcurrentHashMap<>();

	/** The first cacheable method seen of each cache: its value type and policy. */
	private final Map<String, Operations> cacheables = new ConcurrentHashMap<>();

	@Nullable Operations get(Method method, Class<?> targetClass) {
		return this.operations
			.computeIfAbsent(new AnnotatedElementKey(method, targetClass), (key) -> parse(method, targetClass))
			.orElse(null);
	}

	@Nullable Operations cacheable(String cacheName) {
		return this.cacheables.get(cacheName);
	}

	private Optional<Operations> parse(Method method, Class<?> targetClass) {
		Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
		SwrCacheable cacheable = AnnotatedElementUtils.findMergedAnnotation(specific, SwrCacheable.class);
		SwrCachePut put = AnnotatedElementUtils.findMergedAnnotation(specific, SwrCachePut.class);
		SwrCacheEvict evict = AnnotatedElementUtils.findMergedAnnotation(specific, SwrCacheEvict.class);
		if (cacheable == null && put == null && evict == null) {
			return Optional.empty();
		}
		ReturnKind kind = ReturnKind.of(specific);
		Type valueType = kind.valueType(specific);
		Operations result = new Operations(specific, kind, valueType,
				(cacheable != null) ? cacheable(specific, cacheable) : null, (put != null) ? put(specific, put) : null,
				(evict != null) ? evict(specific, evict) : null);
		if (result.cacheable() != null) {
			this.cacheables.putIfAbsent(result.cacheable().cache(), result);
		}
		return Optional.of(result);
	}

	private static Cacheable cacheable(Method method, SwrCacheable annotation) {
		String where = "@SwrCacheable on " + method;
		if (method.getReturnType() == void.class) {
			throw new IllegalStateException(where + ": a void method has no value to cache");
		}
		return new Cacheable(cacheName(where, annotation.cache()), annotation.key(), annotation.condition(),
				annotation.unless(), duration(where, "ttl", annotation.ttl()),
				duration(where, "staleWhileRevalidate", annotation.staleWhileRevalidate()),
				duration(where, "staleIfError", annotation.staleIfError()), annotation.tags(), annotation.cacheNulls());
	}

	private static Put put(Method method, SwrCachePut annotation) {
		String where = "@SwrCachePut on " + method;
		return new Put(cacheName(where, annotation.cache()), annotation.key(), annotation.condition(),
				annotation.unless(), annotation.tags());
	}

	private static Evict evict(Method method, SwrCacheEvict annotation) {
		String where = "@SwrCacheEvict on " + method;
		boolean evictKey = !annotation.key().isEmpty() || (annotation.tags().length == 0 && !annotation.allEntries());
		return new Evict(cacheName(where, annotation.cache()), evictKey ? annotation.key() : null, annotation.tags(),
				annotation.allEntries(), annotation.beforeInvocation());
	}

	private static String cacheName(String where, String name) {
		if (name.isBlank()) {
			throw new IllegalStateException(where + ": a cache name is required");
		}
		return name;
	}

	private static @Nullable Duration duration(String where, String attribute, String value) {
		if (value.isEmpty()) {
			return null;
		}
		try {
			return DurationStyle.detectAndParse(value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(
					where + ": " + attribute + " '" + value + "' is not a duration such as 30s, 5m or PT1H", ex);
		}
	}

	/**
	 * What the annotations of one method say.
	 */
	record Operations(Method method, ReturnKind kind, Type valueType, @Nullable Cacheable cacheable, @Nullable Put put,
			@Nullable Evict evict) {
	}

	record Cacheable(String cache, String key, String condition, String unless, @Nullable Duration ttl,
			@Nullable Duration staleWhileRevalidate, @Nullable Duration staleIfError, String[] tags,
			boolean cacheNulls) {

		CachePolicy policy(CachePolicy configured) {
			CachePolicy.Builder builder = configured.mutate();
			if (this.ttl != null) {
				builder.ttl(this.ttl);
			}
			if (this.staleWhileRevalidate != null) {
				builder.staleWhileRevalidate(this.staleWhileRevalidate);
			}
			if (this.staleIfError != null) {
				builder.staleIfError(this.staleIfError);
			}
			if (this.cacheNulls) {
				builder.cacheNulls(true);
			}
			return builder.build();
		}

	}

	record Put(String cache, String key, String condition, String unless, String[] tags) {
	}

	record Evict(String cache, @Nullable String key, String[] tags, boolean allEntries, boolean beforeInvocation) {
	}

}
