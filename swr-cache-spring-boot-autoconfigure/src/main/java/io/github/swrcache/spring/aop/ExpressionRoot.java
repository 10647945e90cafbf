package io.github.swrcache.spring.aop;

import java.lang.reflect.Method;

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

}
