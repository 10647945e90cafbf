package io.github.swrcache.spring.autoconfigure;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.util.ClassUtils;

/**
 * The executor of background refreshes: the user's {@code swrCacheRefreshExecutor} bean,
 * or a bounded pool from {@code swr.cache.refresh.*} that this object owns and shuts
 * down. Either way wrapped so that refreshes carry the caller's MDC when SLF4J is
 * present, and by the {@link RefreshExecutorDecorator decorators} (the caller's
 * Micrometer context when context-propagation is present). Not an {@link Executor} bean
 * itself, so that Spring Boot's {@code applicationTaskExecutor} does not back off.
 */
final class RefreshExecutorFactory implements DisposableBean {

	private static final boolean MDC_PRESENT = ClassUtils.isPresent("org.slf4j.MDC",
			RefreshExecutorFactory.class.getClassLoader());

	private final @Nullable ThreadPoolExecutor owned;

	private final Executor executor;

	RefreshExecutorFactory(SwrCacheProperties.Refresh refresh, @Nullable Executor userExecutor,
			List<RefreshExecutorDecorator> decorators) {
		if (userExecutor != null) {
			this.owned = null;
			this.executor = wrap(userExecutor, decorators);
		}
		else {
			this.owned = pool(refresh);
			this.executor = wrap(this.owned, decorators);
		}
	}

	Executor executor() {
		return this.executor;
	}

	@Override
	public void destroy() throws InterruptedException {
		if (this.owned != null) {
			this.owned.shutdown();
			this.owned.awaitTermination(1, TimeUnit.SECONDS);
		}
	}

	private static ThreadPoolExecutor pool(SwrCacheProperties.Refresh refresh) {
		PropertyCheck.apply("swr.cache.refresh.threads", refresh.getThreads(), (threads) -> {
			if (threads <= 0) {
				throw new IllegalArgumentException("threads must be positive, was " + threads);
			}
		});
		PropertyCheck.apply("swr.cache.refresh.queue-capacity", refresh.getQueueCapacity(), (capacity) -> {
			if (capacity < 0) {
				throw new IllegalArgumentException("queueCapacity must be zero or positive, was " + capacity);
			}
		});
		BlockingQueue<Runnable> queue = (refresh.getQueueCapacity() > 0)
				? new ArrayBlockingQueue<>(refresh.getQueueCapacity()) : new SynchronousQueue<>();
		AtomicInteger count = new AtomicInteger();
		ThreadPoolExecutor pool = new ThreadPoolExecutor(refresh.getThreads(), refresh.getThreads(), 30,
				TimeUnit.SECONDS, queue, (runnable) -> {
					Thread thread = new Thread(runnable, "swr-cache-refresh-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				}, new ThreadPoolExecutor.AbortPolicy());
		pool.allowCoreThreadTimeOut(true);
		return pool;
	}

	private static Executor wrap(Executor executor, List<RefreshExecutorDecorator> decorators) {
		Executor wrapped = MDC_PRESENT ? new MdcPropagatingExecutor(executor) : executor;
		for (RefreshExecutorDecorator decorator : decorators) {
			wrapped = decorator.decorate(wrapped);
		}
		return wrapped;
	}

}
