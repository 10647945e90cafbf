package io.github.swrcache.core;

import io.github.swrcache.core.testsupport.RedisEndpoint;
import io.github.swrcache.core.testsupport.RedisExtension;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Consistency sampling on one standalone Redis.
 */
@ExtendWith(RedisExtension.class)
class StandaloneConsistencyIntegrationTests extends AbstractConsistencyIntegrationTests {

	private static RedisClient client;

	@BeforeAll
	static void connect(RedisEndpoint redis) {
		client = RedisClient.create(redis.uri());
	}

	@AfterAll
	static void disconnect() {
		if (client != null) {
			client.shutdown();
		}
	}

	@Override
	AbstractRedisClient client() {
		return client;
	}

}
