package io.github.swrcache.core;

import io.github.swrcache.core.testsupport.ClusterConnections;
import io.github.swrcache.core.testsupport.RedisClusterExtension;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The soft invalidation suite on a local Redis Cluster of 3 masters.
 */
@ExtendWith(RedisClusterExtension.class)
class ClusterSoftInvalidationIntegrationTests extends AbstractSoftInvalidationIntegrationTests {

	@RegisterExtension
	static final ClusterConnections connections = new ClusterConnections();

	@Override
	AbstractRedisClient client() {
		return connections.client();
	}

	@Override
	RedisClusterCommands<byte[], byte[]> redis() {
		return connections.commands();
	}

}
