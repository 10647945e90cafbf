package io.github.swrcache.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Caches the result of a method with stale-while-revalidate: a fresh or stale value is
 * returned at once (a stale one also starts one background refresh in the whole cluster),
 * and only a caller that finds nothing waits for the method, sharing that one call with
 * every concurrent caller of the same key on every node.
 * <p>
 * The method's generic return type is the cache's value type, so {@code List<Product>}
 * comes back from Redis as {@code List<Product>}. Return types {@code Optional<T>} (an
 * empty one is a {@code null} value), {@code CompletableFuture<T>} and, with Reactor,
 * {@code Mono<T>} are unwrapped: their {@code T} is cached. A refresh calls the method
 * again on a refresh thread, outside the caller's thread and transaction, with the
 * caller's MDC and, when Micrometer's context-propagation library is present, the
 * caller's {@code ThreadLocalAccessor}-registered context (its current Observation).
 * <p>
 * Expressions are SpEL, evaluated like those of Spring's {@code @Cacheable}: arguments by
 * name ({@code #id}) or position ({@code #p0}, {@code #a0}), {@code #root.method},
 * {@code #root.target}, {@code #root.args}, {@code #root.methodName}, and {@code #result}
 * in {@code unless} and {@code tags}. Durations are Spring Boot duration strings:
 * {@code "30s"}, {@code "5m"}, {@code "PT1H"}; an attribute overrides
 * {@code swr.cache.caches.<name>.*}, which overrides {@code swr.cache.defaults.*}.
 * <p>
 * Like {@code @Cacheable}, the annotation works through a Spring AOP proxy: a call from
 * within the same object (self-invocation) is not intercepted, nor is a call to a private
 * or final method. A cache name has one value type and one policy: two methods that share
 * a cache must return the same type and declare the same overrides.
 *
 * @see SwrCacheEvict
 * @see SwrCachePut
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SwrCacheable {

	/**
	 * Alias for {@link #cache()}.
	 * @return the cache name
	 */
	@AliasFor("cache")
	String value() default "";

	/**
	 * The name of the cache.
	 * @return the cache name
	 */
	@AliasFor("value")
	String cache() default "";

	/**
	 * SpEL for the key; empty for the arguments themselves (one argument: it; none:
	 * {@code SimpleKey.EMPTY}; several: a {@code SimpleKey} of all). For a structured,
	 * versioned key use {@code cacheKey(...)}, such as
	 * {@code key = "cacheKey('price', #id, #currency)"} (a
	 * {@link io.github.swrcache.core.CacheKey} encoded {@code price:v1:42,EUR}), or
	 * {@code cacheKeyBuilder('price').version(2).ids(#id).build()}.
	 * @return the key expression
	 */
	String key() default "";

	/**
	 * SpEL that must be {@code true} for the cache to be used at all; empty for always.
	 * @return the condition expression
	 */
	String condition() default "";

	/**
	 * SpEL, evaluated on the method's result ({@code #result}), that vetoes caching it
	 * when {@code true}. A vetoed value is returned to the callers that waited for it but
	 * never stored, on any tier; a vetoed refresh leaves the entry it would have replaced
	 * as it is (it is not a failed refresh).
	 * @return the veto expression
	 */
	String unless() default "";

	/**
	 * How long a value is fresh, such as {@code "30s"}; empty for the configured value.
	 * @return the ttl
	 */
	String ttl() default "";

	/**
	 * How long after {@code ttl} a stale value is served while one refresh runs; empty
	 * for the configured value.
	 * @return the stale-while-revalidate window
	 */
	String staleWhileRevalidate() default "";

	/**
	 * How long after the stale window a value is kept for when the method fails; empty
	 * for the configured value.
	 * @return the stale-if-error window
	 */
	String staleIfError() default "";

	/**
	 * SpEL expressions giving tags of the entry (a {@code String} or a collection of
	 * them), for {@link SwrCacheEvict#tags()}; {@code #result} is the loaded value (for
	 * {@code CompletableFuture} and {@code Mono} methods, the value they complete with).
	 * @return the tag expressions
	 */
	String[] tags() default {};

	/**
	 * Whether a {@code null} result (or an empty {@code Optional}) is cached; when
	 * {@code false}, {@code swr.cache.caches.<name>.cache-nulls} decides.
	 * @return whether nulls are cached
	 */
	boolean cacheNulls() default false;

}
