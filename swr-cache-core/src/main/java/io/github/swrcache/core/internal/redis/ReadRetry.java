package io.github.swrcache.core.internal.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.retry.RetryConfig;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;

/**
 * When an idempotent read is sent once more: only after its connection was reset or
 * closed under it, since then the command may never have reached Redis, and a fresh
 * connection (Lettuce reconnects on its own) is likely to work. A timeout is not retried
 * (Redis is slow, and a second wait would double the caller's), nor is an error reply
 * (Redis answered). At most one retry, at once, and only within the command timeout.
 */
final class ReadRetry {

	/** The least time the command timeout must leave for a retry to be worth sending. */
	static final long MIN_BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	private ReadRetry() {
	}

	static RetryConfig config() {
		return RetryConfig.custom()
			.maxAttempts(2)
			.waitDuration(Duration.ZERO)
			.retryOnException((error) -> error instanceof Reset)
			.build();
	}

	/**
	 * Whether a failure is a connection reset or closed under the command.
	 * @param error the failure, unwrapped
	 * @return {@code true} for resets and closed connections only
	 */
	static boolean isConnectionReset(Throwable error) {
		for (Throwable current = error; current != null; current = current.getCause()) {
			if (current instanceof TimeoutException || current instanceof RedisCommandTimeoutException
					|| current instanceof RedisCommandExecutionException) {
				return false;
			}
			if (current instanceof IOException || current instanceof RedisConnectionException) {
				return true;
			}
			if (current instanceof RedisException && current.getMessage() != null) {
				String message = current.getMessage();
				if (message.startsWith("Connection closed") || message.startsWith("Connection disconnected")
						|| message.contains("Connection reset")) {
					return true;
				}
			}
			if (current.getCause() == current) {
				break;
			}
		}
		return false;
	}

	static Throwable unwrap(Throwable error) {
		Throwable current = error;
		while ((current instanceof CompletionException || current instanceof ExecutionException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

	/**
	 * A reset that Resilience4j's retry may act on.
	 */
	static final class Reset extends RuntimeException {

		private static final long serialVersionUID = 1L;

		Reset(Throwable cause) {
			super(cause.toString(), cause, false, false);
		}

	}

}
