package io.github.swrcache.spring.aop;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.springframework.util.ClassUtils;

/**
 * How a method returns its value, and so how its value is cached.
 */
enum ReturnKind {

	/** The value itself. */
	PLAIN,

	/** {@code Optional<T>}: {@code T} is cached, an empty {@code Optional} is null. */
	OPTIONAL,

	/** {@code CompletableFuture<T>} (or a supertype): loaded asynchronously. */
	FUTURE,

	/** Reactor's {@code Mono<T>}: loaded asynchronously. */
	MONO;

	private static final boolean REACTOR_PRESENT = ClassUtils.isPresent("reactor.core.publisher.Mono",
			ReturnKind.class.getClassLoader());

	static ReturnKind of(Method method) {
		Class<?> type = method.getReturnType();
		if (type == Optional.class) {
			return OPTIONAL;
		}
		if (type != Object.class && type.isAssignableFrom(CompletableFuture.class)) {
			return FUTURE;
		}
		if (REACTOR_PRESENT && type.getName().equals("reactor.core.publisher.Mono")) {
			return MONO;
		}
		return PLAIN;
	}

	/**
	 * The declared type of the values this method caches: its generic return type, with
	 * the wrapper removed.
	 */
	Type valueType(Method method) {
		Type type = method.getGenericReturnType();
		if (this != PLAIN) {
			type = (type instanceof ParameterizedType parameterized) ? parameterized.getActualTypeArguments()[0]
					: Object.class;
		}
		if (type instanceof Class<?> clazz) {
			return ClassUtils.resolvePrimitiveIfNecessary(clazz);
		}
		return (type instanceof ParameterizedType || type instanceof java.lang.reflect.GenericArrayType) ? type
				: Object.class;
	}

}
