package io.github.swrcache.core;

import java.time.Duration;

import io.github.swrcache.core.metrics.SwrCacheMetrics;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Micrometer's cache meters and the {@code swr.cache.*} meters read the cache's counters:
 * {@code cache.gets} counts each call once.
 */
class MetricsTests {

	private final FakeClock clock = new FakeClock();

	private final ManualExecutor refreshes = new ManualExecutor();

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final SwrCacheManager manager = SwrCacheManager.builder()
		.clock(this.clock)
		.refreshExecutor(this.refreshes)
		.meterRegistry(this.registry)
		.build();

	private final CachePolicy policy = CachePolicy.builder()
		.ttl(Duration.ofSeconds(10))
		.staleWhileRevalidate(Duration.ofSeconds(20))
		.staleIfError(Duration.ofSeconds(30))
		.jitter(0)
		.build();

	@AfterEach
	void close() {
		this.manager.close();
	}

	private double count(String name, String... tags) {
		return this.registry.get(name).tag("cache", "products").tags(tags).functionCounter().count();
	}

	@Test
	void everyReadIsCountedOnceAsHitOrMissWithTheSwrDetailBeside() {
		SwrCache<String, String> cache = this.manager.cache("products", String.class, this.policy);
		cache.get("a", (key) -> "v1");
		cache.get("a", (key) -> "v1");
		this.clock.advance(Duration.ofSeconds(10));
		cache.get("a", (key) -> "v2");
		this.refreshes.runAll();
		this.clock.advance(Duration.ofSeconds(100));
		try {
			cache.get("a", (key) -> {
				throw new IllegalStateException("down");
			});
		}
		catch (SwrLoadException expected) {
			// counted as a miss and a failed load
		}
		cache.invalidate("a");
		assertThat(count("cache.gets", "result", "hit")).isEqualTo(2);
		assertThat(count("cache.gets", "result", "miss")).isEqualTo(2);
		assertThat(count("cache.puts")).isEqualTo(2);
		assertThat(count("cache.evictions")).isEqualTo(1);
		assertThat(count(SwrCacheMetrics.HITS, "tier", "local")).isEqualTo(2);
		assertThat(count(SwrCacheMetrics.HITS, "tier", "remote")).isZero();
		assertThat(count(SwrCacheMetrics.STALE_SERVED)).isEqualTo(1);
		assertThat(count(SwrCacheMetrics.LOADS, "result", "success")).isEqualTo(2);
		assertThat(count(SwrCacheMetrics.LOADS, "result", "failure")).isEqualTo(1);
		assertThat(count(SwrCacheMetrics.REFRESHES, "result", "success")).isEqualTo(1);
		assertThat(count(SwrCacheMetrics.REFRESHES, "result", "dropped")).isZero();
		assertThat(count(SwrCacheMetrics.FAIL_SAFE_SERVED)).isZero();
		FunctionTimer loadTime = this.registry.get(SwrCacheMetrics.LOAD_DURATION)
			.tag("cache", "products")
			.functionTimer();
		assertThat(loadTime.count()).isEqualTo(3);
		assertThat(this.registry.get("cache.size").tag("cache", "products").gauge().value()).isZero();
	}

	@Test
	void noTagValueComesFromKeys() {
		SwrCache<String, String> cache = this.manager.cache("products", String.class, this.policy);
		cache.get("secret-key-1", (key) -> "v");
		assertThat(this.registry.getMeters()).allSatisfy((meter) -> assertThat(meter.getId().getTags())
			.noneMatch((tag) -> tag.getValue().contains("secret-key")));
		assertThat(this.registry.getMeters())
			.allSatisfy((meter) -> assertThat(meter.getId().getTag("cache")).isEqualTo("products"));
	}

}
