package io.github.swrcache.core;

import java.util.List;

import io.github.swrcache.core.testsupport.ClusterConnections;
import io.github.swrcache.core.testsupport.RedisClusterExtension;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pattern invalidation on a local Redis Cluster of 3 masters: each master is scanned, and
 * the keys of one cache spread over all of them.
 */
@ExtendWith(RedisClusterExtension.class)
class ClusterPatternInvalidationIntegrationTests extends AbstractPatternInvalidationIntegrationTests {

	@RegisterExtension
	static final ClusterConnections connections = new ClusterConnections();

	@Override
	AbstractRedisClient client() {
		return connections.client();
	}

	@Override
	List<RedisCommands<byte[], byte[]>> servers() {
		// No replicas: every node is a master.
		return connections.cluster().nodes().stream().map(connections::node).toList();
	}

	@Override
	RedisClusterCommands<byte[], byte[]> routed() {
		return connections.commands();
	}

}
