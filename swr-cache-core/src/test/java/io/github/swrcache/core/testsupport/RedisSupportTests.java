package io.github.swrcache.core.testsupport;

import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * How {@link RedisSupport} decides without Docker or {@code redis-server}: it uses
 * {@code REDIS_URL} unless that names this machine's port 6379, and otherwise fails on CI
 * and aborts elsewhere, saying how to provide Redis.
 */
class RedisSupportTests {

	@Test
	void redisUrlIsUsedWithoutDockerOrRedisServer() {
		try (RedisSupport redis = obtain(Map.of("REDIS_URL", "redis://10.1.2.3:6380/2"))) {
			assertThat(redis.endpoint())
				.isEqualTo(new RedisEndpoint("redis://10.1.2.3:6380/2", RedisEndpoint.REDIS_URL, null));
		}
	}

	@Test
	void redisUrlOnTheLoopbackDefaultPortIsRefused() {
		for (String url : new String[] { "redis://127.0.0.1:6379", "redis://localhost", "redis://[::1]:6379/0" }) {
			assertThatIllegalStateException().isThrownBy(() -> obtain(Map.of("REDIS_URL", url)))
				.withMessageStartingWith("REDIS_URL must not name port 6379 of this machine")
				.withMessageContaining(url);
		}
	}

	@Test
	void missingRedisFailsOnCi() {
		assertThatIllegalStateException().isThrownBy(() -> obtain(Map.of("CI", "true")))
			.withMessage("No Redis for the integration tests: " + RedisSupport.HOW_TO_PROVIDE
					+ " (CI=true, so this fails instead of skipping)");
	}

	@Test
	void missingRedisAbortsTheTestOutsideCi() {
		assertThatExceptionOfType(TestAbortedException.class).isThrownBy(() -> obtain(Map.of("CI", "false")))
			.withMessageContainingAll("redis-server", "REDIS_URL", "Docker");
	}

	private static RedisSupport obtain(Map<String, String> environment) {
		Function<String, @Nullable String> variables = environment::get;
		return RedisSupport.obtain(false, false, variables);
	}

}
