package io.github.swrcache.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.github.swrcache.core.testsupport.RedisEndpoint;
import io.github.swrcache.core.testsupport.RedisExtension;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fail-safe value lives in Redis for the whole stale-if-error window, far longer than
 * an in-process copy ({@code local.max-ttl}): a node without a copy of its own is served
 * it when its load fails (the chaos run's first finding, docs/reliability.md).
 */
@ExtendWith(RedisExtension.class)
class SharedFailSafeIntegrationTests {

	private final FakeClock clock = new FakeClock();

	private final String prefix = "fs" + UUID.randomUUID().toString().substring(0, 8);

	private final List<SwrCacheManager> managers = new ArrayList<>();

	private final CachePolicy policy = CachePolicy.builder()
		.ttl(Duration.ofSeconds(10))
		.staleWhileRevalidate(Duration.ofSeconds(10))
		.staleIfError(Duration.ofHours(1))
		.jitter(0)
		.build();

	private RedisClient client;

	@BeforeEach
	void start(RedisEndpoint redis) {
		this.client = RedisClient.create(redis.uri());
	}

	@AfterEach
	void stop() {
		this.managers.forEach(SwrCacheManager::close);
		this.client.shutdown();
	}

	private SwrCache<String, String> node() {
		SwrCacheManager manager = SwrCacheManager.builder()
			.clock(this.clock)
			.localMaxTtl(Duration.ofMinutes(1))
			.remote(this.client, RemoteOptions.builder().keyPrefix(this.prefix).clockSync(false).build())
			.build();
		this.managers.add(manager);
		return manager.cache("c", String.class, this.policy);
	}

	@Test
	void nodeWithoutAnInProcessCopyIsServedTheSharedFailSafeValue() {
		SwrCache<String, String> first = node();
		SwrCache<String, String> second = node();
		assertThat(first.get("k", (key) -> "good")).isEqualTo("good");
		// Past the stale window and past local.max-ttl: only Redis still holds the value.
		this.clock.advance(Duration.ofMinutes(5));
		for (SwrCache<String, String> cache : List.of(first, second)) {
			assertThat(cache.get("k", (key) -> {
				throw new IllegalStateException("source down");
			})).isEqualTo("good");
			assertThat(cache.statistics().failSafeServed()).isEqualTo(1);
		}
	}

}
