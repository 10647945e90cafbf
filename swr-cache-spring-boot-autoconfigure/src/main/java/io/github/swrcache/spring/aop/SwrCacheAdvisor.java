package io.github.swrcache.spring.aop;

import java.lang.reflect.Method;

import org.aopalliance.aop.Advice;

import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;

/**
 * Applies {@link SwrCacheInterceptor} to the methods of Spring beans that carry
 * {@code @SwrCacheable}, {@code @SwrCachePut} or {@code @SwrCacheEvict}. An
 * infrastructure advisor like Spring's own cache advisor: it needs no AspectJ, and since
 * it works through proxies, self-invocation is not intercepted.
 */
public final class SwrCacheAdvisor extends AbstractPointcutAdvisor {

	private static final long serialVersionUID = 1L;

	private final transient SwrCacheInterceptor interceptor;

	private final transient Pointcut pointcut = new StaticMethodMatcherPointcut() {

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			return SwrCacheAdvisor.this.interceptor.operations().get(method, targetClass) != null;
		}

	};

	/**
	 * Creates an advisor.
	 * @param interceptor the interceptor to apply
	 */
	public SwrCacheAdvisor(SwrCacheInterceptor interceptor) {
		this.interceptor = interceptor;
	}

	@Override
	public Pointcut getPointcut() {
		return this.pointcut;
	}

	@Override
	public Advice getAdvice() {
		return this.interceptor;
	}

}
