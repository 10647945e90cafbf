package io.github.swrcache.core;

import io.github.swrcache.core.testsupport.ClusterConnections;
import io.github.swrcache.core.testsupport.RedisClusterExtension;
import io.lettuce.core.AbstractRedisClient;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The warm-up suite on a local Redis Cluster of 3 masters: batches span every master.
 */
@ExtendWith(RedisClusterExtension.class)
class ClusterWarmUpIntegrationTests extends AbstractWarmUpIntegrationTests {

	@RegisterExtension
	static final ClusterConnections connections = ClusterConnections.clientOnly();

	@Override
	AbstractRedisClient client() {
		return connections.client();
	}

}
