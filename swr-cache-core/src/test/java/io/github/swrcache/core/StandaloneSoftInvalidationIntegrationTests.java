package io.github.swrcache.core;

import io.github.swrcache.core.testsupport.RedisExtension;
import io.github.swrcache.core.testsupport.StandaloneConnections;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The soft invalidation suite on one standalone Redis.
 */
@ExtendWith(RedisExtension.class)
class StandaloneSoftInvalidationIntegrationTests extends AbstractSoftInvalidationIntegrationTests {

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

}
