package io.github.swrcache.core;

import io.github.swrcache.core.testsupport.ClusterConnections;
import io.github.swrcache.core.testsupport.RedisClusterExtension;
import io.lettuce.core.AbstractRedisClient;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Consistency sampling on a local Redis Cluster of 3 masters.
 */
@ExtendWith(RedisClusterExtension.class)
class ClusterConsistencyIntegrationTests extends AbstractConsistencyIntegrationTests {

	@RegisterExtension
	static final ClusterConnections connections = ClusterConnections.clientOnly();

	@Override
	AbstractRedisClient client() {
		return connections.client();
	}

}
