package io.github.swrcache.spring.aop;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.cache.interceptor.SimpleKeyGenerator;
import org.springframework.context.expression.AnnotatedElementKey;
import org.springframework.context.expression.BeanFactoryResolver;
import org.springframework.context.expression.CachedExpressionEvaluator;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;

/**
 * Evaluates the SpEL of the annotations; each expression is parsed once per method.
 */
final class CacheExpressions extends CachedExpressionEvaluator {

	private final Map<ExpressionKey, Expression> expressions = new ConcurrentHashMap<>(64);

	private final @Nullable BeanFactory beanFactory;

	CacheExpressions(@Nullable BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	/**
	 * One call's view for evaluation: its context and the method key.
	 */
	final class Call {

		private final AnnotatedElementKey methodKey;

		private final Object[] args;

		private final MethodBasedEvaluationContext context;

		Call(Method method, Object[] args, @Nullable Object target, Class<?> targetClass, Method targetMethod) {
			this.methodKey = new AnnotatedElementKey(method, targetClass);
			this.args = args;
			this.context = new MethodBasedEvaluationContext(new ExpressionRoot(method, args, target, targetClass),
					targetMethod, args, getParameterNameDiscoverer());
			if (CacheExpressions.this.beanFactory != null) {
				this.context.setBeanResolver(new BeanFactoryResolver(CacheExpressions.this.beanFactory));
			}
		}

		Call withResult(@Nullable Object result) {
			this.context.setVariable("result", result);
			return this;
		}

		Object key(String expression) {
			Object key = expression.isEmpty() ? SimpleKeyGenerator.generateKey(this.args) : value(expression);
			if (key == null) {
				throw new IllegalArgumentException("Null key returned by '" + expression + "' for " + this.methodKey);
			}
			return key;
		}

		boolean isTrue(String expression, boolean whenEmpty) {
			return expression.isEmpty() ? whenEmpty : Boolean.TRUE.equals(value(expression));
		}

		List<String> tags(String[] expressions) {
			List<String> tags = new ArrayList<>();
			for (String expression : expressions) {
				Object value = value(expression);
				if (value instanceof Collection<?> collection) {
					collection.forEach((tag) -> tags.add(String.valueOf(tag)));
				}
				else if (value instanceof String[] array) {
					tags.addAll(List.of(array));
				}
				else if (value != null) {
					tags.add(value.toString());
				}
			}
			return tags;
		}

		private @Nullable Object value(String expression) {
			return getExpression(CacheExpressions.this.expressions, this.methodKey, expression).getValue(this.context);
		}

		EvaluationContext context() {
			return this.context;
		}

	}

}
