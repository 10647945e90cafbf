package io.github.swrcache.core;

import io.github.swrcache.core.testsupport.RedisEndpoint;
import io.github.swrcache.core.testsupport.RedisExtension;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The soft invalidation suite on one standalone Redis.
 */
@ExtendWith(RedisExtension.class)
class StandaloneSoftInvalidationIntegrationTests extends AbstractSoftInvalidationIntegrationTests {

	private static RedisClient client;

	private static StatefulRedisConnection<byte[], byte[]> raw;

	@BeforeAll
	static void connect(RedisEndpoint redis) {
		client = RedisClient.create(redis.uri());
		raw = client.connect(ByteArrayCodec.INSTANCE);
	}

	@AfterAll
	static void disconnect() {
		if (client != null) {
			try {
				if (raw != null) {
					raw.close();
				}
			}
			finally {
				client.shutdown();
			}
		}
	}

	@Override
	AbstractRedisClient client() {
		return client;
	}

	@Override
	RedisClusterCommands<byte[], byte[]> redis() {
		return raw.sync();
	}

}
