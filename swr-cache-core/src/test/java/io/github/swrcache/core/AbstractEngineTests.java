package io.github.swrcache.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;

/**
 * The fixture of the in-process engine's tests: a fake clock, a fixed random source (no
 * jitter), refreshes that run only when the test says so, a policy of 10 s fresh, 20 s
 * stale, 30 s fail-safe, and a loader that counts its calls and versions its values.
 */
abstract class AbstractEngineTests {

	protected final FakeClock clock = new FakeClock();

	protected final FixedRandom random = new FixedRandom(0.5);

	protected final ManualExecutor refreshes = new ManualExecutor();

	protected final SwrCacheManager manager = SwrCacheManager.builder()
		.clock(this.clock)
		.random(this.random)
		.refreshExecutor(this.refreshes)
		.build();

	protected final CachePolicy policy = CachePolicy.builder()
		.ttl(Duration.ofSeconds(10))
		.staleWhileRevalidate(Duration.ofSeconds(20))
		.staleIfError(Duration.ofSeconds(30))
		.jitter(0)
		.build();

	protected final AtomicInteger version = new AtomicInteger();

	protected final CountingLoader<String, String> loader = new CountingLoader<>(
			(key) -> key + "-v" + this.version.incrementAndGet());

	@AfterEach
	void closeManager() {
		this.manager.close();
	}

}
