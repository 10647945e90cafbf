package io.github.swrcache.spring.aop;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The Reactor side of {@link ReturnKind#MONO}; loaded only when a method returns a
 * {@code Mono}.
 */
final class ReactorSupport {

	private ReactorSupport() {
	}

	static Object fromFuture(Supplier<CompletableFuture<@Nullable Object>> future) {
		return Mono.fromFuture(future);
	}

	static CompletableFuture<@Nullable Object> toFuture(@Nullable Object mono) {
		return (mono != null) ? ((Mono<?>) mono).cast(Object.class).toFuture()
				: CompletableFuture.completedFuture(null);
	}

	static Object onSuccess(Object mono, Consumer<@Nullable Object> action) {
		return ((Mono<?>) mono).cast(Object.class).doOnSuccess(action);
	}

}
