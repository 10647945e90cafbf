package io.github.swrcache.core;

import java.util.Set;

import io.github.swrcache.core.testsupport.ClusterConnections;
import io.github.swrcache.core.testsupport.RedisClusterExtension;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The atomic-write suite on a local Redis Cluster of 3 masters: the lock, the value and
 * the waiters' flag of a key are on its master, and the fenced write's messages reach
 * nodes subscribed to the others.
 */
@ExtendWith(RedisClusterExtension.class)
class ClusterAtomicWriteIntegrationTests extends AbstractAtomicWriteIntegrationTests {

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

	@Override
	Set<String> keys(String pattern) {
		return connections.keys(pattern);
	}

}
