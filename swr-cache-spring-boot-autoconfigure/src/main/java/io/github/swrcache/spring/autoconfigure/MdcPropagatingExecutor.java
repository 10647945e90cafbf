package io.github.swrcache.spring.autoconfigure;

import java.util.Map;
import java.util.concurrent.Executor;

import org.slf4j.MDC;

/**
 * Runs each task with the SLF4J {@link MDC} of the thread that submitted it, and restores
 * the worker's own MDC afterwards, so that a background refresh logs with the caller's
 * context (trace ids, tenant).
 */
final class MdcPropagatingExecutor implements Executor {

	private final Executor delegate;

	MdcPropagatingExecutor(Executor delegate) {
		this.delegate = delegate;
	}

	@Override
	public void execute(Runnable task) {
		Map<String, String> context = MDC.getCopyOfContextMap();
		this.delegate.execute(() -> {
			Map<String, String> previous = MDC.getCopyOfContextMap();
			set(context);
			try {
				task.run();
			}
			finally {
				set(previous);
			}
		});
	}

	private static void set(Map<String, String> context) {
		if (context != null) {
			MDC.setContextMap(context);
		}
		else {
			MDC.clear();
		}
	}

}
