package io.github.swrcache.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.github.swrcache.core.warmup.CacheWarmer;
import io.github.swrcache.core.warmup.WarmUpRunner;
import io.github.swrcache.core.warmup.WarmUpSchedule;
import io.github.swrcache.core.warmup.WarmUpScheduler;
import io.github.swrcache.core.warmup.WarmUpState;
import io.github.swrcache.core.warmup.WarmUpStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The warm-up runner on one in-process manager: batches, progress, status, schedules and
 * failures. The multi-node rule (each key loaded once in a cluster) is in
 * {@link AbstractWarmUpIntegrationTests}.
 */
class WarmUpRunnerTests {

	private final FakeClock clock = new FakeClock();

	private final SwrCacheManager manager = SwrCacheManager.builder().clock(this.clock).build();

	private final CachePolicy policy = CachePolicy.builder().ttl(Duration.ofSeconds(10)).jitter(0).build();

	private final List<Integer> batches = new ArrayList<>();

	private final Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();

	private WarmUpRunner runner;

	@AfterEach
	void close() {
		if (this.runner != null) {
			this.runner.close();
		}
		this.manager.close();
	}

	@Test
	void startUpPassLoadsEveryKeyInBatchesAndReportsItsProgress() throws Exception {
		SwrCache<String, String> cache = this.manager.cache("products", String.class, this.policy);
		cache.put("k3", "cached");
		this.runner = WarmUpRunner.builder(this.manager).batchSize(4).clock(this.clock).warmer(warmer(10)).build();
		assertThat(this.runner.status("products").state()).isEqualTo(WarmUpState.NOT_STARTED);
		Instant start = this.clock.instant();
		this.runner.start().get(10, TimeUnit.SECONDS);
		// 10 keys in batches of 4, 4 and 2; k3 was cached, so the first batch loads 3.
		assertThat(this.batches).containsExactly(3, 4, 2);
		assertThat(this.loads).hasSize(9).allSatisfy((key, count) -> assertThat(count).hasValue(1));
		assertThat(this.runner.status()).containsExactly(
				new WarmUpStatus("products", "products", WarmUpState.COMPLETED, 10, 10, 9, 0, 1, start, start, null));
		for (int i = 0; i < 10; i++) {
			assertThat(cache.get("k" + i, (key) -> "unexpected")).isEqualTo((i == 3) ? "cached" : "v-k" + i);
		}
	}

	@Test
	void scheduledPassLoadsWhatExpiredOrWasInvalidated() throws Exception {
		SwrCache<String, String> cache = this.manager.cache("products", String.class, this.policy);
		List<Runnable> scheduled = new ArrayList<>();
		WarmUpScheduler scheduler = (name, schedule, pass) -> {
			assertThat(name).isEqualTo("products");
			assertThat(schedule).isEqualTo(WarmUpSchedule.fixedDelay(Duration.ofMinutes(5)));
			scheduled.add(pass);
			return () -> scheduled.remove(pass);
		};
		CacheWarmer<String, String> warmer = warmer(10, WarmUpSchedule.fixedDelay(Duration.ofMinutes(5)));
		this.runner = WarmUpRunner.builder(this.manager).scheduler(scheduler).clock(this.clock).warmer(warmer).build();
		this.runner.start().get(10, TimeUnit.SECONDS);
		assertThat(scheduled).hasSize(1);
		cache.invalidate("k1");
		cache.invalidate("k2");
		this.clock.advance(Duration.ofSeconds(1));
		scheduled.get(0).run();
		WarmUpStatus status = this.runner.status("products");
		assertThat(status.passes()).isEqualTo(2);
		assertThat(status.loaded()).isEqualTo(2);
		assertThat(status.done()).isEqualTo(10);
		assertThat(status.state()).isEqualTo(WarmUpState.COMPLETED);
		assertThat(status.startedAt()).isEqualTo(this.clock.instant());
		assertThat(this.loads.get("k1")).hasValue(2);
		assertThat(this.loads.get("k5")).hasValue(1);
		this.runner.close();
		assertThat(scheduled).isEmpty();
	}

	@Test
	void failedBatchIsCountedAndThePassGoesOn() {
		this.manager.cache("products", String.class, this.policy);
		CacheWarmer<String, String> warmer = new TestWarmer(10, WarmUpSchedule.none(), (keys) -> {
			if (keys.contains("k5")) {
				throw new IllegalStateException("source down");
			}
			return load(keys);
		});
		this.runner = WarmUpRunner.builder(this.manager).batchSize(4).warmer(warmer).build();
		WarmUpStatus status = this.runner.run("products");
		assertThat(status.state()).isEqualTo(WarmUpState.FAILED);
		assertThat(status.done()).isEqualTo(10);
		assertThat(status.errors()).isEqualTo(4);
		assertThat(status.loaded()).isEqualTo(6);
		assertThat(status.failure()).contains("source down");
	}

	@Test
	void keysThatCannotBeListedFailThePass() {
		this.manager.cache("products", String.class, this.policy);
		CacheWarmer<String, String> warmer = new TestWarmer(10, WarmUpSchedule.none(), this::load) {

			@Override
			public Collection<String> keys() throws Exception {
				throw new java.io.IOException("catalog unreachable");
			}

		};
		this.runner = WarmUpRunner.builder(this.manager).warmer(warmer).build();
		WarmUpStatus status = this.runner.run("products");
		assertThat(status.state()).isEqualTo(WarmUpState.FAILED);
		assertThat(status.total()).isZero();
		assertThat(status.failure()).isEqualTo("java.io.IOException: catalog unreachable");
	}

	@Test
	void passOfAWarmerIsSkippedWhileAnotherRuns() throws Exception {
		this.manager.cache("products", String.class, this.policy);
		CountDownLatch inLoader = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CacheWarmer<String, String> warmer = new TestWarmer(3, WarmUpSchedule.none(), (keys) -> {
			inLoader.countDown();
			release.await();
			return load(keys);
		});
		this.runner = WarmUpRunner.builder(this.manager).warmer(warmer).build();
		var startUp = this.runner.start();
		assertThat(inLoader.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.runner.status("products").state()).isEqualTo(WarmUpState.RUNNING);
		WarmUpStatus skipped = this.runner.run("products");
		assertThat(skipped.passes()).isEqualTo(1);
		assertThat(skipped.state()).isEqualTo(WarmUpState.RUNNING);
		release.countDown();
		startUp.get(10, TimeUnit.SECONDS);
		assertThat(this.runner.status("products").state()).isEqualTo(WarmUpState.COMPLETED);
		assertThat(this.loads).hasSize(3);
	}

	@Test
	void missingCacheIsCreatedFromTheWarmersValueType() {
		this.runner = WarmUpRunner.builder(this.manager).warmer(warmer(2)).build();
		assertThat(this.runner.run("products").state()).isEqualTo(WarmUpState.COMPLETED);
		assertThat(this.manager.getCache("products")).isNotNull();
	}

	@Test
	void badArgumentsAreRejectedWithTheirNames() {
		assertThatIllegalArgumentException().isThrownBy(() -> WarmUpRunner.builder(this.manager).batchSize(0))
			.withMessage("batchSize must be positive, was 0");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> WarmUpRunner.builder(this.manager).warmer(warmer(1)).warmer(warmer(1)).build())
			.withMessageContaining("'products' is used twice");
		assertThatIllegalArgumentException().isThrownBy(() -> WarmUpSchedule.fixedDelay(Duration.ZERO))
			.withMessage("fixedDelay must be positive, was PT0S");
		this.runner = WarmUpRunner.builder(this.manager).warmer(warmer(1)).build();
		assertThatIllegalArgumentException().isThrownBy(() -> this.runner.run("nope"))
			.withMessage("name must name a CacheWarmer, was 'nope'; warmers: [products]");
	}

	@Test
	void defaultSchedulerRejectsCronWithAClearMessage() {
		this.runner = WarmUpRunner.builder(this.manager).warmer(warmer(1, WarmUpSchedule.cron("0 0 * * * *"))).build();
		assertThatIllegalArgumentException().isThrownBy(this.runner::start)
			.withMessageContaining("Warmer 'products' has schedule cron=0 0 * * * *");
	}

	@Test
	void cacheThatCannotBeCreatedFailsThePass() {
		CacheWarmer<String, String> warmer = new TestWarmer(1, WarmUpSchedule.none(), this::load) {

			@Override
			public java.lang.reflect.Type valueType() {
				return null;
			}

		};
		this.runner = WarmUpRunner.builder(this.manager).warmer(warmer).build();
		assertThat(this.runner.run("products").failure())
			.startsWith("java.lang.IllegalStateException: Cache 'products' does not exist yet");
	}

	private CacheWarmer<String, String> warmer(int keys) {
		return warmer(keys, WarmUpSchedule.none());
	}

	private CacheWarmer<String, String> warmer(int keys, WarmUpSchedule schedule) {
		return new TestWarmer(keys, schedule, this::load);
	}

	private Map<String, String> load(java.util.Set<String> keys) {
		synchronized (this.batches) {
			this.batches.add(keys.size());
		}
		Map<String, String> values = new HashMap<>();
		for (String key : keys) {
			this.loads.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
			values.put(key, "v-" + key);
		}
		return values;
	}

	/**
	 * Warms keys {@code k0}..{@code k(n-1)} of the cache "products".
	 */
	static class TestWarmer implements CacheWarmer<String, String> {

		private final int keys;

		private final WarmUpSchedule schedule;

		private final BulkLoader<String, String> loader;

		TestWarmer(int keys, WarmUpSchedule schedule, BulkLoader<String, String> loader) {
			this.keys = keys;
			this.schedule = schedule;
			this.loader = loader;
		}

		@Override
		public String cacheName() {
			return "products";
		}

		@Override
		public Collection<String> keys() throws Exception {
			return IntStream.range(0, this.keys).mapToObj((i) -> "k" + i).toList();
		}

		@Override
		public BulkLoader<String, String> loader() {
			return this.loader;
		}

		@Override
		public java.lang.reflect.Type valueType() {
			return String.class;
		}

		@Override
		public WarmUpSchedule schedule() {
			return this.schedule;
		}

	}

}
