package io.github.swrcache.spring.autoconfigure;

import java.util.concurrent.Executor;

/**
 * Wraps the refresh executor, for a concern that needs an optional library (context
 * propagation).
 */
@FunctionalInterface
interface RefreshExecutorDecorator {

	Executor decorate(Executor executor);

}
