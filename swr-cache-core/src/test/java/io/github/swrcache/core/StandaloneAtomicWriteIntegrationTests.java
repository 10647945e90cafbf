package io.github.swrcache.core;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.swrcache.core.testsupport.RedisExtension;
import io.github.swrcache.core.testsupport.StandaloneConnections;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The atomic-write suite on one standalone Redis, plus invalidations that must not wait
 * for a Redis that does not answer.
 */
@ExtendWith(RedisExtension.class)
class StandaloneAtomicWriteIntegrationTests extends AbstractAtomicWriteIntegrationTests {

	@RegisterExtension
	static final StandaloneConnections connections = new StandaloneConnections();

	@Override
	AbstractRedisClient client() {
		return connections.client();
	}

	@Override
	RedisClusterCommands<byte[], byte[]> redis() {
		return connections.commands();
	}

	@Override
	Set<String> keys(String pattern) {
		return connections.keys(pattern);
	}

	@Test
	void asynchronousInvalidationsReturnAtOnceWhileRedisIsPaused() throws Exception {
		List<SwrCache<String, String>> caches = start("c", String.class, Duration.ofMillis(250));
		caches.forEach((cache) -> cache.get("k", (key, context) -> {
			context.addTags("t");
			return "old";
		}));
		this.clock.advance(Duration.ofMillis(1));
		// Every client but this one waits until the pause ends; the command timeout
		// (250 ms) is longer than the calls may take, shorter than the pause.
		connections.commands().clientPause(3000);
		long start = System.nanoTime();
		CompletableFuture<Void> key = caches.get(0).invalidateAsync("k");
		CompletableFuture<Void> tag = caches.get(0).invalidateTagAsync("t");
		CompletableFuture<Void> all = caches.get(0).invalidateAllAsync();
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(took).isLessThan(Duration.ofMillis(500));
		assertThat(List.of(key, tag, all)).noneMatch(CompletableFuture::isDone);
		// Redis did not answer within the command timeout: the invalidations are
		// queued to be sent again, and the futures complete normally.
		CompletableFuture.allOf(key, tag, all).get(5, TimeUnit.SECONDS);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
		assertThat(caches.get(0).statistics().remoteErrors()).isEqualTo(3);
		this.expectedRemoteErrors = 3;
		// Once the pause ends, the queued invalidations reach Redis and the other nodes.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(connections.commands().exists(dataKey("c", "k"))).isZero());
		for (SwrCache<String, String> cache : caches) {
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(cache.peek("k").state()).isEqualTo(EntryState.ABSENT));
		}
	}

}
