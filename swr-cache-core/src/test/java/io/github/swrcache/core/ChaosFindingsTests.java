package io.github.swrcache.core;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The rules behind the in-process fixes that the chaos and bad-input runs led to
 * (docs/reliability.md).
 */
class ChaosFindingsTests extends AbstractEngineTests {

	@Test
	void callerArrivingAfterAnInvalidationIsNotHandedTheOldLoad() throws Exception {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<String> early = CompletableFuture.supplyAsync(() -> cache.get("k", (key) -> {
			loading.countDown();
			release.await();
			return "loaded before the invalidation";
		}));
		assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
		cache.invalidate("k");
		// Not joined to the fenced flight: a load of its own, at once.
		CompletableFuture<String> late = CompletableFuture.supplyAsync(() -> cache.get("k", (key) -> "new"));
		assertThat(late.get(5, TimeUnit.SECONDS)).isEqualTo("new");
		release.countDown();
		assertThat(early.get(5, TimeUnit.SECONDS)).isEqualTo("loaded before the invalidation");
		assertThat(cache.get("k", (key) -> "unexpected")).isEqualTo("new");
	}

	@Test
	void failSafeValueIsServedWhenTheLoadTimeoutEndsAfterItsInProcessCopy() {
		// A wait cut by the soft timeout must not cost the caller the fallback it had
		// when the read began.
		CachePolicy policy = this.policy.mutate().loadTimeout(Duration.ofMillis(200)).build();
		SwrCache<String, String> cache = this.manager.cache("c", String.class, policy);
		cache.put("k", "good");
		// Past ttl and stale-while-revalidate, 1 ms before the end of stale-if-error.
		this.clock.advance(Duration.ofSeconds(60).minusMillis(1));
		String served = cache.get("k", (key) -> {
			this.clock.advance(Duration.ofSeconds(1));
			Thread.sleep(1_000);
			return "late";
		});
		assertThat(served).isEqualTo("good");
		assertThat(cache.statistics().failSafeServed()).isEqualTo(1);
	}

	@Test
	void durationsLongerThanAHundredYearsAreRejectedNamingTheField() {
		Duration forever = ChronoUnit.FOREVER.getDuration();
		assertThatIllegalArgumentException().isThrownBy(() -> CachePolicy.builder().loadHardTimeout(forever))
			.withMessage("loadHardTimeout must be at most 100 years (PT876000H), was " + forever);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CachePolicy.builder().staleIfError(Duration.ofDays(36_501)))
			.withMessage("staleIfError must be at most 100 years (PT876000H), was PT876024H");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RemoteOptions.builder().commandTimeout(Duration.ofDays(40_000)))
			.withMessageStartingWith("commandTimeout must be at most 100 years");
		SwrCache<String, String> cache = this.manager.cache("c", String.class,
				this.policy.mutate()
					.ttl(Duration.ofDays(36_500))
					.staleWhileRevalidate(Duration.ofDays(36_500))
					.staleIfError(Duration.ofDays(36_500))
					.loadHardTimeout(Duration.ofDays(36_500))
					.build());
		assertThat(cache.get("k", (key) -> "v")).isEqualTo("v");
		assertThat(cache.get("k", (key) -> "unexpected")).isEqualTo("v");
	}

}
