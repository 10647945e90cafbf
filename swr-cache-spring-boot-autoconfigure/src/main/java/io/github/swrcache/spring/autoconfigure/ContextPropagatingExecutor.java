package io.github.swrcache.spring.autoconfigure;

import java.util.concurrent.Executor;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;

/**
 * Runs each task with the values of every {@link ContextRegistry}-registered
 * {@code ThreadLocalAccessor} (Micrometer's current Observation, tracing, the
 * application's own) of the thread that submitted it, and restores the worker's values
 * afterwards, so that a background refresh is observed as part of the caller's work.
 */
final class ContextPropagatingExecutor implements Executor {

	private final Executor delegate;

	private final ContextSnapshotFactory snapshots;

	ContextPropagatingExecutor(Executor delegate, ContextSnapshotFactory snapshots) {
		this.delegate = delegate;
		this.snapshots = snapshots;
	}

	@Override
	public void execute(Runnable task) {
		this.delegate.execute(this.snapshots.captureAll().wrap(task));
	}

}
