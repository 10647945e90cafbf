package io.github.swrcache.core;

import java.util.List;

import io.github.swrcache.core.testsupport.RedisCluster;
import io.github.swrcache.core.testsupport.RedisClusterExtension;
import io.github.swrcache.core.testsupport.RedisServer;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pattern invalidation on a local Redis Cluster of 3 masters: each master is scanned, and
 * the keys of one cache spread over all of them.
 */
@ExtendWith(RedisClusterExtension.class)
class ClusterPatternInvalidationIntegrationTests extends AbstractPatternInvalidationIntegrationTests {

	private static RedisCluster cluster;

	private static RedisClusterClient client;

	private static StatefulRedisClusterConnection<byte[], byte[]> raw;

	@BeforeAll
	static void connect(RedisCluster redisCluster) {
		cluster = redisCluster;
		client = RedisClusterClient.create(cluster.uris().stream().map(RedisURI::create).toList());
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
	List<RedisCommands<byte[], byte[]>> servers() {
		// No replicas: every node is a master.
		return cluster.nodes().stream().map(ClusterPatternInvalidationIntegrationTests::node).toList();
	}

	@Override
	RedisClusterCommands<byte[], byte[]> routed() {
		return raw.sync();
	}

	private static RedisCommands<byte[], byte[]> node(RedisServer server) {
		return raw.getConnection("127.0.0.1", server.port()).sync();
	}

}
