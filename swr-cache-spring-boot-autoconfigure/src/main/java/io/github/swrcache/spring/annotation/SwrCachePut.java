package io.github.swrcache.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Always calls the method and stores its result in the cache (on every node), as a fresh
 * value. SpEL and proxy rules as for {@link SwrCacheable}; {@code #result} is the result
 * in every expression. The cache's value type is the method's (unwrapped) return type,
 * which must be the same as that of the {@code @SwrCacheable} methods of the cache.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SwrCachePut {

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
	 * SpEL for the key; empty for the default key of the arguments.
	 * @return the key expression
	 */
	String key() default "";

	/**
	 * SpEL that must be {@code true} for the result to be stored; empty for always.
	 * @return the condition expression
	 */
	String condition() default "";

	/**
	 * SpEL on {@code #result} that vetoes storing it when {@code true}.
	 * @return the veto expression
	 */
	String unless() default "";

	/**
	 * SpEL expressions giving tags of the stored entry (a {@code String} or a collection
	 * of them), for {@link SwrCacheEvict#tags()}.
	 * @return the tag expressions
	 */
	String[] tags() default {};

}
