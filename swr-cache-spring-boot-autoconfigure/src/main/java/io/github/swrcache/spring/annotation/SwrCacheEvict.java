package io.github.swrcache.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Invalidates cache entries when the method is called, on every node: a key, every entry
 * carrying a tag, or the whole cache. Invalidated values are never served again, not even
 * as a fail-safe fallback. SpEL and proxy rules as for {@link SwrCacheable}.
 * <p>
 * The key is evicted when {@link #key()} is set, or when neither {@link #tags()} nor
 * {@link #allEntries()} is: then the default key of the arguments is evicted.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SwrCacheEvict {

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
	 * SpEL for the key to evict; empty for the default key of the arguments.
	 * @return the key expression
	 */
	String key() default "";

	/**
	 * SpEL expressions giving tags to invalidate (a {@code String} or a collection of
	 * them); {@code #result} is the method's result when evicting after the call.
	 * @return the tag expressions
	 */
	String[] tags() default {};

	/**
	 * Whether every entry of the cache is invalidated.
	 * @return whether to clear the cache
	 */
	boolean allEntries() default false;

	/**
	 * Whether to evict before the method runs (then also when it throws); by default
	 * entries are evicted after it returned normally.
	 * @return whether to evict before the call
	 */
	boolean beforeInvocation() default false;

}
