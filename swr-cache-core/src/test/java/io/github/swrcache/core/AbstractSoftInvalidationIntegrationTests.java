package io.github.swrcache.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Soft invalidation across nodes on a real Redis (standalone or Cluster, per subclass): a
 * key invalidated on one node stays in Redis as an error-window-only entry, so a node
 * that never held it reloads, and serves it as the fail-safe value when that reload
 * fails; without soft invalidation the value is gone and the failure reaches the caller.
 * Two nodes share a fake clock: 10 s fresh, 20 s stale, 30 s fail-safe, 5 s throttle.
 */
abstract class AbstractSoftInvalidationIntegrationTests {

	final FakeClock clock = new FakeClock();

	final CachePolicy hard = CachePolicy.builder()
		.ttl(Duration.ofSeconds(10))
		.staleWhileRevalidate(Duration.ofSeconds(20))
		.staleIfError(Duration.ofSeconds(30))
		.failSafeThrottle(Duration.ofSeconds(5))
		.jitter(0)
		.build();

	final CachePolicy soft = this.hard.mutate().softInvalidation(true).build();

	private final AtomicInteger loads = new AtomicInteger();

	private Nodes nodes;

	abstract AbstractRedisClient client();

	abstract RedisClusterCommands<byte[], byte[]> redis();

	@AfterEach
	void close() {
		if (this.nodes != null) {
			try {
				assertThat(this.nodes.remoteErrors()).as("Redis errors counted by the caches").isZero();
			}
			finally {
				this.nodes.close();
			}
		}
	}

	@Test
	void keyInvalidatedOnOneNodeIsTheFailSafeValueOfAColdNodeWhoseReloadFails() {
		List<SwrCache<String, String>> caches = start(this.soft);
		SwrCache<String, String> a = caches.get(0);
		SwrCache<String, String> b = caches.get(1);
		assertThat(a.get("k", (key) -> "old")).isEqualTo("old");
		long ttlBefore = redis().pttl(dataKey("k"));
		a.invalidate("k");
		// Still in Redis, with its expiry (the end of its error window) kept.
		assertThat(redis().exists(dataKey("k"))).isEqualTo(1);
		assertThat(redis().pttl(dataKey("k"))).isPositive().isLessThanOrEqualTo(ttlBefore);
		assertThat(b.peek("k").state()).isEqualTo(EntryState.ABSENT);
		assertThat(a.peek("k").state()).isEqualTo(EntryState.ABSENT);
		assertThat(b.get("k", this::failing)).isEqualTo("old");
		assertThat(this.loads).hasValue(1);
		assertThat(b.statistics().failSafeServed()).isEqualTo(1);
		assertThat(b.statistics().loadFailures()).isEqualTo(1);
		// Throttled: not retried for 5 s.
		assertThat(b.get("k", this::failing)).isEqualTo("old");
		assertThat(this.loads).hasValue(1);
		assertThat(b.statistics().failSafeServed()).isEqualTo(2);
		// The invalidating node reloads too, and falls back to its own kept copy.
		assertThat(a.get("k", this::failing)).isEqualTo("old");
		assertThat(this.loads).hasValue(2);
		assertThat(a.statistics().failSafeServed()).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(b.get("k", (key) -> {
			this.loads.incrementAndGet();
			return "new";
		})).isEqualTo("new");
		assertThat(this.loads).hasValue(3);
		assertThat(a.get("k", this::failing)).isEqualTo("new");
		assertThat(this.loads).hasValue(3);
	}

	@Test
	void bulkReadOfAColdNodeFallsBackToTheKeysInvalidatedOnAnotherNode() {
		List<SwrCache<String, String>> caches = start(this.soft);
		caches.get(0).get("a", (key) -> "old-a");
		caches.get(0).get("b", (key) -> "old-b");
		caches.get(0).invalidate("a");
		caches.get(0).invalidate("b");
		assertThat(caches.get(1).getAll(List.of("a", "b"), (keys) -> {
			this.loads.incrementAndGet();
			throw new IllegalStateException("source down");
		})).containsExactly(Map.entry("a", "old-a"), Map.entry("b", "old-b"));
		assertThat(this.loads).hasValue(1);
		assertThat(caches.get(1).statistics().failSafeServed()).isEqualTo(2);
	}

	@Test
	void softInvalidatedValueIsNoFallbackAfterItsErrorWindow() {
		List<SwrCache<String, String>> caches = start(this.soft);
		caches.get(0).get("k", (key) -> "old");
		caches.get(0).invalidate("k");
		this.clock.advance(Duration.ofSeconds(60));
		assertThatExceptionOfType(SwrLoadException.class).isThrownBy(() -> caches.get(1).get("k", this::failing));
		assertThat(this.loads).hasValue(1);
		assertThat(caches.get(1).statistics().failSafeServed()).isZero();
	}

	@Test
	void withoutSoftInvalidationAKeyInvalidatedOnOneNodeIsGoneForEveryNode() {
		List<SwrCache<String, String>> caches = start(this.hard);
		caches.get(0).get("k", (key) -> "old");
		caches.get(0).invalidate("k");
		assertThat(redis().exists(dataKey("k"))).isZero();
		assertThatExceptionOfType(SwrLoadException.class).isThrownBy(() -> caches.get(1).get("k", this::failing));
		assertThat(this.loads).hasValue(1);
		assertThat(caches.get(1).statistics().failSafeServed()).isZero();
	}

	@Test
	void tagInvalidatedOnOneNodeLeavesTheOtherNodesCopyAsItsFailSafeValue() {
		List<SwrCache<String, String>> caches = start(this.soft);
		assertThat(caches.get(1).get("k", tagged("old"))).isEqualTo("old");
		assertThat(caches.get(0).get("k", tagged("unexpected"))).isEqualTo("old");
		caches.get(0).invalidateTag("tenant:7");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(caches.get(1).peek("k").state()).isEqualTo(EntryState.ABSENT));
		assertThat(caches.get(1).get("k", this::failing)).isEqualTo("old");
		assertThat(caches.get(0).get("k", this::failing)).isEqualTo("old");
		assertThat(this.loads).hasValue(2);
		assertThat(caches.get(1).statistics().failSafeServed()).isEqualTo(1);
		assertThat(caches.get(0).statistics().failSafeServed()).isEqualTo(1);
	}

	@Test
	void withoutSoftInvalidationATagInvalidatedOnOneNodeIsNoFallbackAnywhere() {
		List<SwrCache<String, String>> caches = start(this.hard);
		caches.get(1).get("k", tagged("old"));
		caches.get(0).get("k", tagged("unexpected"));
		caches.get(0).invalidateTag("tenant:7");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(caches.get(1).peek("k").state()).isEqualTo(EntryState.ABSENT));
		assertThatExceptionOfType(SwrLoadException.class).isThrownBy(() -> caches.get(1).get("k", this::failing));
		assertThatExceptionOfType(SwrLoadException.class).isThrownBy(() -> caches.get(0).get("k", this::failing));
		assertThat(this.loads).hasValue(2);
	}

	private List<SwrCache<String, String>> start(CachePolicy policy) {
		this.nodes = new Nodes(2, client(), this.clock, (builder) -> {
		});
		return this.nodes.caches("products", String.class, policy);
	}

	private byte[] dataKey(String key) {
		return this.nodes.dataKey("products", key).getBytes(StandardCharsets.UTF_8);
	}

	private String failing(String key) {
		this.loads.incrementAndGet();
		throw new IllegalStateException("source down");
	}

	private ContextLoader<String, String> tagged(String value) {
		return (key, context) -> {
			context.addTags("tenant:7");
			return value;
		};
	}

}
