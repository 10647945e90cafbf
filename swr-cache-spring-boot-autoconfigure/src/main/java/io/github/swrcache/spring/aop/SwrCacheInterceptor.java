package io.github.swrcache.spring.aop;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.swrcache.core.AsyncContextLoader;
import io.github.swrcache.core.CachePolicy;
import io.github.swrcache.core.ContextLoader;
import io.github.swrcache.core.LoadContext;
import io.github.swrcache.core.SwrCache;
import io.github.swrcache.core.SwrCacheManager;
import io.github.swrcache.core.SwrLoadException;
import io.github.swrcache.spring.aop.CacheOperations.Cacheable;
import io.github.swrcache.spring.aop.CacheOperations.Evict;
import io.github.swrcache.spring.aop.CacheOperations.Operations;
import io.github.swrcache.spring.aop.CacheOperations.Put;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;

/**
 * Applies {@code @SwrCacheable}, {@code @SwrCachePut} and {@code @SwrCacheEvict} around a
 * method call. The order within one call is: evictions before the call, the cached call,
 * the put, evictions after the call. Thread-safe.
 * <p>
 * A load calls the rest of the interceptor chain again (a clone of the invocation), so
 * that a background refresh goes through the interceptors that follow this one (a
 * transaction, for instance) on its own thread. When a load fails and no fail-safe value
 * exists, the caller gets the method's own exception, as without the cache; a load
 * timeout is a {@link SwrLoadException}.
 */
public final class SwrCacheInterceptor implements MethodInterceptor {

	private final Supplier<SwrCacheManager> manager;

	private final Function<String, CachePolicy> policies;

	private final CacheOperations operations = new CacheOperations();

	private final CacheExpressions expressions;

	private final Map<Method, SwrCache<Object, Object>> caches = new ConcurrentHashMap<>();

	/**
	 * Creates an interceptor.
	 * @param manager the cache manager, asked for on the first call
	 * @param policies the configured policy of a cache name
	 * @param beanFactory resolves {@code @bean} references in expressions
	 */
	public SwrCacheInterceptor(Supplier<SwrCacheManager> manager, Function<String, CachePolicy> policies,
			@Nullable BeanFactory beanFactory) {
		this.manager = manager;
		this.policies = policies;
		this.expressions = new CacheExpressions(beanFactory);
	}

	CacheOperations operations() {
		return this.operations;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object target = invocation.getThis();
		Class<?> targetClass = (target != null) ? AopUtils.getTargetClass(target)
				: invocation.getMethod().getDeclaringClass();
		Operations operations = this.operations.get(invocation.getMethod(), targetClass);
		if (operations == null) {
			return invocation.proceed();
		}
		Call call = new Call(invocation, operations, target, targetClass);
		Evict evict = operations.evict();
		if (evict != null && evict.beforeInvocation()) {
			evict(call, evict, null);
		}
		Object result = (operations.cacheable() != null) ? cacheable(call, operations.cacheable())
				: invocation.proceed();
		boolean after = operations.put() != null || (evict != null && !evict.beforeInvocation());
		return after ? afterCompletion(call, result) : result;
	}

	private @Nullable Object cacheable(Call call, Cacheable operation) throws Throwable {
		CacheExpressions.Call expressions = call.expressions();
		if (!expressions.isTrue(operation.condition(), true)) {
			return call.invocation.proceed();
		}
		Object key = expressions.key(operation.key());
		SwrCache<Object, Object> cache = this.caches.computeIfAbsent(call.operations.method(),
				(method) -> cache(operation.cache(), call.operations.valueType(), operation, method));
		return switch (call.operations.kind()) {
			case PLAIN, OPTIONAL -> get(call, operation, cache, key);
			case FUTURE -> getAsync(call, operation, cache, key);
			case MONO -> ReactorSupport.fromFuture(() -> getAsync(call, operation, cache, key));
		};
	}

	private @Nullable Object get(Call call, Cacheable operation, SwrCache<Object, Object> cache, Object key)
			throws Throwable {
		ContextLoader<Object, Object> loader = (k, context) -> loaded(call, operation, context,
				call.unwrap(call.proceedAgain()));
		Object value;
		try {
			value = cache.get(key, loader);
		}
		catch (SwrLoadException ex) {
			throw cause(ex);
		}
		return (call.operations.kind() == ReturnKind.OPTIONAL) ? Optional.ofNullable(value) : value;
	}

	private CompletableFuture<@Nullable Object> getAsync(Call call, Cacheable operation, SwrCache<Object, Object> cache,
			Object key) {
		AsyncContextLoader<Object, Object> loader = (k, context, executor) -> call.toFuture(call.proceedAgain())
			.thenApply((value) -> loaded(call, operation, context, value));
		return cache.getAsync(key, loader).handle((value, failure) -> {
			if (failure != null) {
				throw new CompletionException(cause(failure));
			}
			return value;
		});
	}

	/**
	 * Applies {@code unless} and {@code tags} to a freshly loaded value: a vetoed value
	 * goes to the callers without being cached, and a vetoed refresh leaves the entry it
	 * would have replaced as it is.
	 */
	private @Nullable Object loaded(Call call, Cacheable operation, LoadContext<Object> context,
			@Nullable Object value) {
		CacheExpressions.Call expressions = call.expressions().withResult(value);
		if (expressions.isTrue(operation.unless(), false)) {
			context.doNotStore();
		}
		else {
			expressions.tags(operation.tags()).forEach(context::addTags);
		}
		return value;
	}

	private @Nullable Object afterCompletion(Call call, @Nullable Object result) {
		return switch (call.operations.kind()) {
			case PLAIN, OPTIONAL -> {
				afterReturning(call, call.unwrap(result));
				yield result;
			}
			case FUTURE -> call.toFuture(result).thenApply((value) -> {
				afterReturning(call, value);
				return value;
			});
			case MONO -> ReactorSupport.onSuccess(result, (value) -> afterReturning(call, value));
		};
	}

	private void afterReturning(Call call, @Nullable Object value) {
		Put put = call.operations.put();
		if (put != null) {
			put(call, put, value);
		}
		Evict evict = call.operations.evict();
		if (evict != null && !evict.beforeInvocation()) {
			evict(call, evict, value);
		}
	}

	private void put(Call call, Put put, @Nullable Object value) {
		CacheExpressions.Call expressions = call.expressions().withResult(value);
		if (!expressions.isTrue(put.condition(), true) || expressions.isTrue(put.unless(), false)) {
			return;
		}
		Object key = expressions.key(put.key());
		SwrCache<Object, Object> cache = existingOrNew(put.cache(), call.operations.valueType());
		if (value == null && !cache.policy().cacheNulls()) {
			cache.invalidate(key);
		}
		else {
			cache.put(key, value, expressions.tags(put.tags()));
		}
	}

	private void evict(Call call, Evict evict, @Nullable Object result) {
		CacheExpressions.Call expressions = call.expressions().withResult(result);
		SwrCache<Object, Object> cache = existingOrNew(evict.cache(), null);
		if (evict.allEntries()) {
			cache.invalidateAll();
		}
		if (evict.key() != null) {
			cache.invalidate(expressions.key(evict.key()));
		}
		expressions.tags(evict.tags()).forEach(cache::invalidateTag);
	}

	/**
	 * The cache of that name: the existing one, else as its {@code @SwrCacheable} methods
	 * declare it, else of {@code valueType} (or {@code Object}) with the configured
	 * policy.
	 */
	@SuppressWarnings("unchecked")
	private SwrCache<Object, Object> existingOrNew(String name, @Nullable Type valueType) {
		SwrCache<?, ?> existing = this.manager.get().getCache(name);
		if (existing != null) {
			return (SwrCache<Object, Object>) existing;
		}
		Operations declared = this.operations.cacheable(name);
		if (declared != null && declared.cacheable() != null) {
			return cache(name, declared.valueType(), declared.cacheable(), declared.method());
		}
		return this.manager.get()
			.cache(name, (valueType != null) ? valueType : Object.class, this.policies.apply(name));
	}

	private SwrCache<Object, Object> cache(String name, Type valueType, Cacheable operation, Method method) {
		try {
			return this.manager.get().cache(name, valueType, operation.policy(this.policies.apply(name)));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(
					"@SwrCacheable on " + method + ": " + ex.getMessage()
							+ " (methods sharing a cache must return the same type and declare the same durations)",
					ex);
		}
	}

	/**
	 * The exception a caller of the method would have seen without the cache.
	 */
	private static Throwable cause(Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException
				|| cause instanceof UndeclaredThrowableException) && cause.getCause() != null) {
			cause = cause.getCause();
		}
		if (cause instanceof SwrLoadException && cause.getCause() != null
				&& !(cause.getCause() instanceof TimeoutException)) {
			return cause(cause.getCause());
		}
		return cause;
	}

	/**
	 * One intercepted call.
	 */
	private final class Call {

		private final MethodInvocation invocation;

		private final @Nullable ProxyMethodInvocation template;

		private final Operations operations;

		private final @Nullable Object target;

		private final Class<?> targetClass;

		Call(MethodInvocation invocation, Operations operations, @Nullable Object target, Class<?> targetClass) {
			this.invocation = invocation;
			// A clone taken before proceed() keeps this interceptor's place in the chain.
			this.template = (invocation instanceof ProxyMethodInvocation proxied)
					? (ProxyMethodInvocation) proxied.invocableClone() : null;
			this.operations = operations;
			this.target = target;
			this.targetClass = targetClass;
		}

		CacheExpressions.Call expressions() {
			return SwrCacheInterceptor.this.expressions.new Call(this.invocation.getMethod(),
					this.invocation.getArguments(), this.target, this.targetClass, this.operations.method());
		}

		@Nullable Object proceedAgain() throws Exception {
			try {
				return (this.template != null) ? this.template.invocableClone().proceed() : this.invocation.proceed();
			}
			catch (Exception | Error ex) {
				throw ex;
			}
			catch (Throwable ex) {
				throw new UndeclaredThrowableException(ex);
			}
		}

		@Nullable Object unwrap(@Nullable Object result) {
			if (this.operations.kind() == ReturnKind.OPTIONAL) {
				return (result != null) ? ((Optional<?>) result).orElse(null) : null;
			}
			return result;
		}

		@SuppressWarnings("unchecked")
		CompletableFuture<@Nullable Object> toFuture(@Nullable Object result) {
			if (this.operations.kind() == ReturnKind.MONO) {
				return ReactorSupport.toFuture(result);
			}
			return (result != null)
					? (CompletableFuture<@Nullable Object>) ((CompletionStage<?>) result).toCompletableFuture()
					: CompletableFuture.completedFuture(null);
		}

	}

	/**
	 * The cache of that name as this interceptor uses it: the existing one, else as its
	 * {@code @SwrCacheable} methods declare it, else of {@code valueType} (or
	 * {@code Object}) with the configured policy. For code that fills the caches of
	 * annotated methods, such as cache warmers.
	 * @param name the cache's name
	 * @param valueType the value type of a cache that nothing declares, or {@code null}
	 * @return the cache
	 */
	public SwrCache<Object, Object> cacheNamed(String name, @Nullable Type valueType) {
		return existingOrNew(name, valueType);
	}

}
