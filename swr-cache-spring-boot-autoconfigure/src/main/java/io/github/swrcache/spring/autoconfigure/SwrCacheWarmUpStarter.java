package io.github.swrcache.spring.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.swrcache.core.warmup.WarmUpRunner;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * Starts the warm-up when the application has started. Spring Boot reports readiness
 * ({@code ReadinessState.ACCEPTING_TRAFFIC}) only after every {@link ApplicationRunner}
 * returned, so with {@code swr.cache.warm-up.wait-for-readiness} this runner waits for
 * the start-up passes (at most {@code readiness-timeout}) and readiness waits with it;
 * otherwise it returns at once and the passes run in the background.
 */
final class SwrCacheWarmUpStarter implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(SwrCacheWarmUpStarter.class);

	private final WarmUpRunner runner;

	private final boolean waitForReadiness;

	private final Duration readinessTimeout;

	SwrCacheWarmUpStarter(WarmUpRunner runner, boolean waitForReadiness, Duration readinessTimeout) {
		this.runner = runner;
		this.waitForReadiness = waitForReadiness;
		this.readinessTimeout = readinessTimeout;
	}

	@Override
	public void run(ApplicationArguments args) throws InterruptedException {
		CompletableFuture<Void> startUp = this.runner.start();
		if (!this.waitForReadiness || this.runner.status().isEmpty()) {
			return;
		}
		logger.info("swr-cache holds readiness until the cache warm-up ends (at most " + this.readinessTimeout + ")");
		try {
			startUp.get(this.readinessTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			logger.warn("swr-cache warm-up did not end within swr.cache.warm-up.readiness-timeout ("
					+ this.readinessTimeout + "); the application becomes ready and the warm-up goes on");
		}
		catch (ExecutionException ex) {
			// Never happens: the start-up future records failures in the status instead.
			logger.warn("swr-cache warm-up failed", ex.getCause());
		}
	}

}
