package io.github.swrcache.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code getAsync}: the calling thread never waits; concurrent callers share one load.
 */
class AsyncLoadTests extends AbstractEngineTests {

	@Test
	void callerGetsAPendingFutureAndConcurrentCallersShareOneLoad() throws Exception {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		CompletableFuture<String> source = new CompletableFuture<>();
		AtomicInteger loads = new AtomicInteger();
		AsyncLoader<String, String> loader = (key, executor) -> {
			loads.incrementAndGet();
			return source;
		};
		CompletableFuture<String> first = cache.getAsync("a", loader);
		CompletableFuture<String> second = cache.getAsync("a", loader);
		assertThat(first).isNotDone();
		assertThat(second).isNotDone();
		source.complete("value");
		assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("value");
		assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("value");
		assertThat(loads).hasValue(1);
		CompletableFuture<String> hit = cache.getAsync("a", loader);
		assertThat(hit).isCompletedWithValue("value");
		assertThat(loads).hasValue(1);
	}

	@Test
	void staleValueIsReturnedCompletedWhileTheRefreshRuns() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		cache.put("a", "old");
		this.clock.advance(Duration.ofSeconds(10));
		AtomicInteger loads = new AtomicInteger();
		AsyncLoader<String, String> loader = (key, executor) -> CompletableFuture
			.completedFuture("new" + loads.incrementAndGet());
		assertThat(cache.getAsync("a", loader)).isCompletedWithValue("old");
		assertThat(loads).hasValue(0);
		this.refreshes.runAll();
		assertThat(cache.getAsync("a", loader)).isCompletedWithValue("new1");
	}

	@Test
	void failedAsyncLoadCompletesWithSwrLoadException() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		IllegalStateException failure = new IllegalStateException("source down");
		CompletableFuture<String> result = cache.getAsync("a",
				(key, executor) -> CompletableFuture.failedFuture(failure));
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> result.get(5, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOf(SwrLoadException.class)
			.withCause(failure);
	}

	@Test
	void hardTimeoutCompletesTheCallerWithoutBlockingAnyThread() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class,
				this.policy.mutate().loadTimeout(null).loadHardTimeout(Duration.ofMillis(50)).build());
		CompletableFuture<String> never = new CompletableFuture<>();
		CompletableFuture<String> result = cache.getAsync("a", (key, executor) -> never);
		assertThat(result).isNotDone();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> result.get(5, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOf(SwrLoadException.class)
			.havingCause()
			.isInstanceOf(java.util.concurrent.TimeoutException.class);
	}

	@Test
	void asyncLoaderThatThrowsAtOnceFailsTheFuture() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		CompletableFuture<String> result = cache.getAsync("a", (key, executor) -> {
			throw new IllegalArgumentException("bad id");
		});
		assertThat(result).failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(SwrLoadException.class)
			.havingCause()
			.isInstanceOf(IllegalArgumentException.class)
			.withMessage("bad id");
		assertThat(cache.getAsync("a", (key, executor) -> CompletableFuture.completedFuture("ok")))
			.succeedsWithin(Duration.ofSeconds(5))
			.isEqualTo("ok");
	}

	@Test
	void asyncLoaderWithContextTagsTheEntry() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		AsyncContextLoader<String, String> loader = (key, context, executor) -> {
			context.addTags("product:" + key);
			return CompletableFuture.completedFuture("v-" + key);
		};
		assertThat(cache.getAsync("a", loader)).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("v-a");
		assertThat(cache.peek("a").tags()).containsExactly("product:a");
		this.clock.advance(Duration.ofMillis(1));
		cache.invalidateTag("product:a");
		assertThat(cache.peek("a").state()).isEqualTo(EntryState.ABSENT);
	}

}
