package io.github.swrcache.core.testsupport;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.DockerClientFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RedisExtension} gives the whole class one Redis, from the first source that
 * exists, and never the machine's own on port 6379.
 */
@ExtendWith(RedisExtension.class)
class RedisExtensionIntegrationTests {

	private static RedisEndpoint classEndpoint;

	@BeforeAll
	static void remember(RedisEndpoint endpoint) {
		classEndpoint = endpoint;
	}

	@Test
	void endpointComesFromTheFirstAvailableSource(RedisEndpoint endpoint) {
		boolean docker = DockerClientFactory.instance().isDockerAvailable();
		boolean redisServer = Executables.find("redis-server").isPresent();
		if (docker) {
			assertThat(endpoint.source()).isEqualTo(RedisEndpoint.TESTCONTAINERS);
		}
		else if (redisServer) {
			// Without Docker, a machine with redis-server (such as the one this was
			// written on)
			// runs its own process.
			assertThat(endpoint.source()).isEqualTo(RedisEndpoint.REDIS_SERVER);
			assertThat(endpoint.server()).isNotNull();
			assertThat(endpoint.server().isRunning()).isTrue();
			assertThat(endpoint.uri()).isEqualTo(endpoint.server().uri());
		}
		else {
			assertThat(endpoint.source()).isEqualTo(RedisEndpoint.REDIS_URL);
		}
		assertThat(RedisURI.create(endpoint.uri()).getPort()).isNotEqualTo(6379);
	}

	@Test
	void everyTestOfTheClassGetsTheSameRedisAndCanUseIt(RedisEndpoint endpoint) {
		assertThat(endpoint).isSameAs(classEndpoint);
		RedisClient client = RedisClient.create(endpoint.uri());
		try {
			var redis = client.connect().sync();
			assertThat(redis.set("extension", "works")).isEqualTo("OK");
			assertThat(redis.get("extension")).isEqualTo("works");
		}
		finally {
			client.shutdown();
		}
	}

}
