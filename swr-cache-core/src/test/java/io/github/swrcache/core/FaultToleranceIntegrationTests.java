package io.github.swrcache.core;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.swrcache.core.testsupport.RedisServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real faults on a real redis-server process: killed (SIGKILL) and restarted on the same
 * port, paused; reads never fail because of Redis, latency is bounded by the command
 * timeout and then by the open circuit, and the shared tier is used again after recovery,
 * with the in-process tier flushed and the missed invalidations resent.
 */
class FaultToleranceIntegrationTests {

	private static final CircuitBreakerSettings FAST_CIRCUIT = new CircuitBreakerSettings(50, 80,
			Duration.ofMillis(200), 10, 5, Duration.ofMillis(500), 2);

	private final CachePolicy policy = CachePolicy.builder()
		.ttl(Duration.ofMinutes(10))
		.staleWhileRevalidate(Duration.ofMinutes(10))
		.staleIfError(Duration.ofMinutes(10))
		.jitter(0)
		.build();

	private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);

	private final List<SwrCacheManager> managers = new ArrayList<>();

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private RedisServer redis;

	private ClientResources resources;

	private RedisClient client;

	@BeforeEach
	void start() {
		this.redis = RedisServer.start();
		// The application's client configuration: reconnect quickly after an outage.
		this.resources = DefaultClientResources.builder()
			.reconnectDelay(Delay.constant(Duration.ofMillis(100)))
			.build();
		this.client = RedisClient.create(this.resources, this.redis.uri());
		this.client.setOptions(ClientOptions.builder().autoReconnect(true).build());
	}

	@AfterEach
	void stop() {
		this.threads.shutdownNow();
		this.managers.forEach(SwrCacheManager::close);
		this.client.shutdown();
		this.resources.shutdown();
		this.redis.close();
	}

	private SwrCacheManager node() {
		SwrCacheManager manager = SwrCacheManager.builder()
			.nodeId("node-" + this.managers.size())
			.remote(this.client,
					RemoteOptions.builder()
						.keyPrefix(this.prefix)
						.commandTimeout(Duration.ofMillis(250))
						.circuitBreaker(FAST_CIRCUIT)
						.build())
			.build();
		this.managers.add(manager);
		return manager;
	}

	/**
	 * A node on a fake clock shared with the test (so windows are exact; no clock sync).
	 */
	private SwrCacheManager node(FakeClock clock) {
		SwrCacheManager manager = SwrCacheManager.builder()
			.clock(clock)
			.remote(this.client,
					RemoteOptions.builder()
						.keyPrefix(this.prefix)
						.clockSync(false)
						.commandTimeout(Duration.ofMillis(250))
						.circuitBreaker(FAST_CIRCUIT)
						.build())
			.build();
		this.managers.add(manager);
		return manager;
	}

	@Test
	void redisKilledMidLoadAndRestartedCausesNoCallerErrorAndTheSharedTierResumes() throws Exception {
		SwrCacheManager first = node();
		SwrCacheManager second = node();
		SwrCache<String, String> a = first.cache("c", String.class, this.policy);
		SwrCache<String, String> b = second.cache("c", String.class, this.policy);
		a.put("warm", "w1");
		assertThat(b.get("warm", (key) -> "unexpected load")).isEqualTo("w1");
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Future<String> midLoad = this.threads.submit(() -> a.get("slow", (key) -> {
			loading.countDown();
			release.await();
			return "loaded during the outage";
		}));
		assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
		this.redis.kill();
		release.countDown();
		assertThat(midLoad.get(5, TimeUnit.SECONDS)).isEqualTo("loaded during the outage");
		AtomicInteger loads = new AtomicInteger();
		int errors = 0;
		for (int i = 0; i < 30; i++) {
			try {
				assertThat(a.get("cold" + i, (key) -> key + "-" + loads.incrementAndGet())).startsWith("cold" + i);
				assertThat(b.get("warm", (key) -> "unexpected load")).isEqualTo("w1");
			}
			catch (RuntimeException ex) {
				errors++;
			}
		}
		assertThat(errors).isZero();
		assertThat(loads).hasValue(30);
		assertThat(first.remoteStatus().circuitState()).isIn("OPEN", "HALF_OPEN");
		// an invalidation issued during the outage is applied locally at once...
		a.invalidate("warm");
		assertThat(a.peek("warm").state()).isEqualTo(EntryState.ABSENT);
		assertThat(first.remoteStatus().pendingInvalidations()).isGreaterThanOrEqualTo(1);
		this.redis.restart();
		// ...and reaches the other node once Redis is back: its in-process copy is
		// dropped
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(first.remoteStatus().circuitState()).isEqualTo("CLOSED");
			assertThat(first.remoteStatus().pendingInvalidations()).isZero();
			assertThat(b.peek("warm").state()).isEqualTo(EntryState.ABSENT);
		});
		a.put("after", "shared again");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(b.get("after", (key) -> "not shared")).isEqualTo("shared again"));
		assertThat(b.peek("after").tier()).isEqualTo(CacheTier.LOCAL);
	}

	@Test
	void pausedRedisCostsAtMostTheCommandTimeoutUntilTheCircuitOpens() throws Exception {
		SwrCache<String, String> cache = node().cache("c", String.class, this.policy);
		assertThat(cache.get("probe", (key) -> "v")).isEqualTo("v");
		try (StatefulRedisConnection<String, String> admin = this.client.connect()) {
			admin.sync().clientPause(4_000);
		}
		List<Long> latencies = new ArrayList<>();
		AtomicInteger loads = new AtomicInteger();
		for (int i = 0; i < 40; i++) {
			long start = System.nanoTime();
			assertThat(cache.get("k" + i, (key) -> "v" + loads.incrementAndGet())).startsWith("v");
			latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
		}
		assertThat(loads).hasValue(40);
		long slow = latencies.stream().filter((millis) -> millis >= 200).count();
		assertThat(latencies).allSatisfy((millis) -> assertThat(millis).isLessThan(1_000));
		// Only the calls before the circuit opened waited for the command timeout (a
		// read and a write per load, over a window of at least 5 calls).
		assertThat(slow).isBetween(1L, 10L);
		assertThat(latencies.subList(30, 40)).allSatisfy((millis) -> assertThat(millis).isLessThan(100));
		assertThat(cache.statistics().remoteBypassed()).isGreaterThan(0);
	}

	@Test
	void failSafeValuesCoverLoaderErrorsDuringAnOutage() {
		FakeClock clock = new FakeClock();
		SwrCacheManager manager = node(clock);
		// Past ttl and stale-while-revalidate, inside stale-if-error, and younger than
		// local.max-ttl (1 min), so the in-process tier still holds the fallback.
		CachePolicy shortTtl = this.policy.mutate()
			.ttl(Duration.ofSeconds(1))
			.staleWhileRevalidate(Duration.ofSeconds(1))
			.build();
		SwrCache<String, String> cache = manager.cache("c", String.class, shortTtl);
		for (int i = 0; i < 10; i++) {
			cache.put("k" + i, "good" + i);
		}
		this.redis.kill();
		clock.advance(Duration.ofSeconds(30));
		AtomicInteger failures = new AtomicInteger();
		for (int i = 0; i < 10; i++) {
			assertThat(cache.get("k" + i, (key) -> {
				failures.incrementAndGet();
				throw new IllegalStateException("source down too");
			})).isEqualTo("good" + i);
		}
		assertThat(failures).hasValue(10);
		assertThat(cache.statistics().failSafeServed()).isEqualTo(10);
	}

	@Test
	void loaderLatencySpikeDuringAnOutageIsCutByTheSoftTimeout() throws Exception {
		FakeClock clock = new FakeClock();
		SwrCacheManager manager = node(clock);
		CachePolicy spiky = this.policy.mutate()
			.ttl(Duration.ofSeconds(1))
			.staleWhileRevalidate(Duration.ofSeconds(1))
			.loadTimeout(Duration.ofMillis(100))
			.build();
		SwrCache<String, String> cache = manager.cache("c", String.class, spiky);
		cache.put("k", "good");
		this.redis.kill();
		clock.advance(Duration.ofSeconds(30));
		CountDownLatch release = new CountDownLatch(1);
		long start = System.nanoTime();
		assertThat(cache.get("k", (key) -> {
			release.await();
			return "late";
		})).isEqualTo("good");
		long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		release.countDown();
		// the soft timeout, plus at most one Redis command timeout before the load began
		assertThat(millis).isBetween(100L, 100L + 250L + 200L);
		assertThat(cache.statistics().failSafeServed()).isEqualTo(1);
		await().untilAsserted(() -> assertThat(cache.peek("k").value()).isEqualTo("late"));
	}

	@Test
	void managerStartsWhileRedisIsDownAndUsesItOnceItAnswers() {
		this.redis.kill();
		SwrCacheManager early = node();
		SwrCache<String, String> cache = early.cache("c", String.class, this.policy);
		assertThat(early.remoteStatus().connected()).isFalse();
		assertThat(cache.get("k", (key) -> "in-process")).isEqualTo("in-process");
		this.redis.restart();
		await().atMost(Duration.ofSeconds(10)).until(() -> early.remoteStatus().connected());
		SwrCache<String, String> other = node().cache("c", String.class, this.policy);
		cache.put("shared", "via redis");
		assertThat(other.get("shared", (key) -> "not shared")).isEqualTo("via redis");
	}

	@Test
	void repeatedOutagesLeakNoThreadsAndNoConnections() throws Exception {
		SwrCacheManager manager = node();
		SwrCache<String, String> cache = manager.cache("c", String.class, this.policy);
		cache.get("k", (key) -> "v");
		int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
		for (int outage = 0; outage < 4; outage++) {
			this.redis.kill();
			for (int i = 0; i < 15; i++) {
				cache.get("o" + outage + "-" + i, (key) -> "v");
			}
			this.redis.restart();
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(manager.remoteStatus().circuitState()).isEqualTo("CLOSED"));
		}
		try (StatefulRedisConnection<String, String> admin = this.client.connect()) {
			// this admin connection, plus the manager's command and pub/sub connections
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(admin.sync().clientList().lines().count()).isEqualTo(3));
		}
		assertThat(ManagementFactory.getThreadMXBean().getThreadCount()).isLessThanOrEqualTo(threadsBefore + 4);
	}

}
