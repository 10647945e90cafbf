package io.github.swrcache.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import io.github.swrcache.core.event.CircuitStateChangedEvent;
import io.github.swrcache.core.metrics.SwrCacheMetrics;
import io.github.swrcache.core.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The retry of idempotent reads against a real redis-server, reached through a
 * {@link ResetProxy} that loses a reply and then resets the connection, as a network
 * does: the read is sent once more and succeeds, exactly one retry is counted, a
 * miss-check that took the lock before its reply was lost still owns the lock on the
 * retry, a timeout is not retried, and the reset counts as a failure for the circuit
 * breaker.
 */
class ReadRetryIntegrationTests {

	private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);

	private final CachePolicy policy = CachePolicy.builder()
		.ttl(Duration.ofMinutes(10))
		.staleWhileRevalidate(Duration.ofMinutes(10))
		.jitter(0)
		.build();

	private final List<SwrCacheManager> managers = new ArrayList<>();

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final CountingLoader<String, String> loader = new CountingLoader<>((key) -> "loaded");

	private RedisServer redis;

	private ResetProxy proxy;

	private ClientResources resources;

	private RedisClient direct;

	private RedisClient proxied;

	@BeforeEach
	void start() {
		this.redis = RedisServer.start();
		this.proxy = new ResetProxy(this.redis.port());
		// The application's client configuration: reconnect quickly after a reset.
		this.resources = DefaultClientResources.builder().reconnectDelay(Delay.constant(Duration.ofMillis(20))).build();
		this.direct = RedisClient.create(this.resources, this.redis.uri());
		this.proxied = RedisClient.create(this.resources, this.proxy.uri());
	}

	@AfterEach
	void stop() {
		this.threads.shutdownNow();
		this.managers.forEach(SwrCacheManager::close);
		this.direct.shutdown();
		this.proxied.shutdown();
		this.resources.shutdown();
		this.proxy.close();
		this.redis.close();
	}

	/** A node that reaches Redis directly. */
	private SwrCache<String, String> writer() {
		return manager(this.direct, UnaryOperator.identity()).cache("c", String.class, this.policy);
	}

	/** A node whose connections go through the proxy. */
	private SwrCacheManager reader(UnaryOperator<RemoteOptions.Builder> options) {
		return manager(this.proxied, (builder) -> options.apply(builder.commandTimeout(Duration.ofSeconds(2))));
	}

	private SwrCacheManager manager(RedisClient client, UnaryOperator<RemoteOptions.Builder> options) {
		SwrCacheManager.Builder builder = SwrCacheManager.builder()
			.nodeId("node-" + this.managers.size())
			.remote(client, options.apply(RemoteOptions.builder().keyPrefix(this.prefix)).build());
		if (client == this.proxied) {
			// only the reader's meters: the writer's cache has the same name and tags
			builder.meterRegistry(this.registry);
		}
		SwrCacheManager manager = builder.build();
		this.managers.add(manager);
		return manager;
	}

	/**
	 * Reads {@code key} while the proxy swallows the reply, then resets the connection.
	 */
	private String readWithLostReplyAndReset(SwrCache<String, String> cache, String key) throws Exception {
		this.proxy.swallowReplies(true);
		Future<String> read = this.threads.submit(() -> cache.get(key, this.loader));
		await().atMost(Duration.ofSeconds(2)).until(() -> this.proxy.swallowed() > 0);
		this.proxy.swallowReplies(false);
		assertThat(this.proxy.resetSwallowing()).isEqualTo(1);
		return read.get(5, TimeUnit.SECONDS);
	}

	private double retries(String result) {
		return this.registry.get(SwrCacheMetrics.REMOTE_RETRIES)
			.tag("cache", "c")
			.tag("result", result)
			.functionCounter()
			.count();
	}

	@Test
	void readWhoseConnectionIsResetSucceedsAfterExactlyOneRetry() throws Exception {
		writer().put("k", "shared");
		SwrCache<String, String> reader = reader(UnaryOperator.identity()).cache("c", String.class, this.policy);
		assertThat(readWithLostReplyAndReset(reader, "k")).isEqualTo("shared");
		assertThat(this.loader.calls()).isZero();
		assertThat(retries("success")).isEqualTo(1);
		assertThat(retries("failure")).isZero();
		CacheStatistics stats = reader.statistics();
		assertThat(stats.remoteHits()).isEqualTo(1);
		assertThat(stats.remoteRetrySuccesses()).isEqualTo(1);
		assertThat(stats.remoteErrors()).isZero();
	}

	@Test
	void lockTakenByTheLostAttemptIsOwnedByTheRetry() throws Exception {
		SwrCache<String, String> writer = writer();
		SwrCache<String, String> reader = reader(UnaryOperator.identity()).cache("c", String.class, this.policy);
		long start = System.nanoTime();
		assertThat(readWithLostReplyAndReset(reader, "new")).isEqualTo("loaded");
		// Had the retry not recognised its own token, it would have waited the lock wait
		// (1 s) for a holder that does not exist, counted as contended.
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_000);
		assertThat(this.loader.calls()).isEqualTo(1);
		CacheStatistics stats = reader.statistics();
		assertThat(stats.locksAcquired()).isEqualTo(1);
		assertThat(stats.locksContended()).isZero();
		assertThat(stats.remoteRetrySuccesses()).isEqualTo(1);
		// the fenced write of the token's owner landed in Redis
		assertThat(writer.get("new", (key) -> "not shared")).isEqualTo("loaded");
	}

	@Test
	void timeoutIsNotRetried() throws Exception {
		writer().put("k", "shared");
		SwrCache<String, String> reader = reader((options) -> options.commandTimeout(Duration.ofMillis(300))).cache("c",
				String.class, this.policy);
		this.proxy.swallowReplies(true);
		assertThat(reader.get("k", this.loader)).isEqualTo("loaded");
		this.proxy.swallowReplies(false);
		assertThat(retries("success") + retries("failure")).isZero();
		// the miss-check and the write of the loaded value, each timed out once
		assertThat(reader.statistics().remoteErrors()).isEqualTo(2);
	}

	@Test
	void withoutRetryTheResetSendsTheReadToTheLoader() throws Exception {
		writer().put("k", "shared");
		SwrCache<String, String> reader = reader((options) -> options.retryReads(false)).cache("c", String.class,
				this.policy);
		assertThat(readWithLostReplyAndReset(reader, "k")).isEqualTo("loaded");
		assertThat(this.loader.calls()).isEqualTo(1);
		assertThat(retries("success") + retries("failure")).isZero();
		assertThat(reader.statistics().remoteErrors()).isEqualTo(1);
	}

	@Test
	void resetCountsAsACircuitFailureAndNoRetryPassesAnOpenCircuit() throws Exception {
		writer().put("k", "shared");
		// Opens at the third call if one of three failed: start-up reads the marks (two
		// calls), so the reset opens it.
		SwrCacheManager node = reader((options) -> options.circuitBreaker(
				new CircuitBreakerSettings(30, 100, Duration.ofSeconds(5), 3, 3, Duration.ofMinutes(1), 1)));
		List<CircuitStateChangedEvent> transitions = new CopyOnWriteArrayList<>();
		node.eventPublisher().onCircuitStateChanged(transitions::add);
		SwrCache<String, String> reader = node.cache("c", String.class, this.policy);
		assertThat(readWithLostReplyAndReset(reader, "k")).isEqualTo("loaded");
		assertThat(node.remoteStatus().circuitState()).isEqualTo("OPEN");
		assertThat(transitions).singleElement().satisfies((event) -> {
			assertThat(event.fromState()).isEqualTo("CLOSED");
			assertThat(event.toState()).isEqualTo("OPEN");
			assertThat(event.nodeId()).isEqualTo(node.nodeId());
		});
		assertThat(retries("failure")).isEqualTo(1);
		assertThat(retries("success")).isZero();
		assertThat(reader.statistics().remoteBypassed()).isGreaterThanOrEqualTo(1);
	}

}
