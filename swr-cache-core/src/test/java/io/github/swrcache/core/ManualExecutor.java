package io.github.swrcache.core;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * An executor that runs nothing until the test calls {@link #runAll()}, so that a
 * background refresh happens exactly when the test wants it.
 */
final class ManualExecutor implements Executor {

	private final Queue<Runnable> tasks = new ArrayDeque<>();

	@Override
	public synchronized void execute(Runnable task) {
		this.tasks.add(task);
	}

	synchronized int pending() {
		return this.tasks.size();
	}

	int runAll() {
		int ran = 0;
		Runnable task;
		while ((task = poll()) != null) {
			task.run();
			ran++;
		}
		return ran;
	}

	private synchronized Runnable poll() {
		return this.tasks.poll();
	}

}
