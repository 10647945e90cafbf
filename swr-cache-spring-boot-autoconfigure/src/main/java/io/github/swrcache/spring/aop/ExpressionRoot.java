package io.github.swrcache.spring.aop;

import java.lang.reflect.Method;

import io.github.swrcache.core.CacheKey;
import org.jspecify.annotations.Nullable;

/**
 * The {@code #root} object of swr-cache expressions, as for Spring's cache annotations.
 */
public final class ExpressionRoot {

	private final Method method;

	private final Object[] args;

	private final @Nullable Object target;

	private final Class<?> targetClass;

	ExpressionRoot(Method method, Object[] args, @Nullable Object target, Class<?> targetClass) {
		this.method = method;
		this.args = args;
		this.target = target;
		this.targetClass = targetClass;
	}

	/**
	 * The called method.
	 * @return the method
	 */
	public Method getMethod() {
		return this.method;
	}

	/**
	 * The name of the called method.
	 * @return the method name
	 */
	public String getMethodName() {
		return this.method.getName();
	}

	/**
	 * The arguments of the call.
	 * @return the arguments
	 */
	public Object[] getArgs() {
		return this.args;
	}

	/**
	 * The called object.
	 * @return the target
	 */
	public @Nullable Object getTarget() {
		return this.target;
	}

	/**
	 * The class of the called object.
	 * @return the target class
	 */
	public Class<?> getTargetClass() {
		return this.targetClass;
	}

	/**
	 * A structured key of version 1, for
	 * {@code @SwrCacheable(key = "cacheKey('price', #id, #currency)")}: encoded
	 * {@code price:v1:42,EUR}. See {@link CacheKey} for the id types allowed.
	 * @param domain the key's domain
	 * @param ids the id parts
	 * @return the key
	 */
	public CacheKey cacheKey(String domain, Object... ids) {
		return CacheKey.of(domain, ids);
	}

	/**
	 * A builder of structured keys with a version, facet or locale, for
	 * {@code key = "cacheKeyBuilder('price').version(2).locale(#locale).ids(#id).build()"}.
	 * @param domain the key's domain
	 * @return the builder
	 */
	public CacheKey.Builder cacheKeyBuilder(String domain) {
		return CacheKey.builder(domain);
	}

}
