package io.github.swrcache.core;

import io.github.swrcache.core.testsupport.RedisCluster;
import io.github.swrcache.core.testsupport.RedisClusterExtension;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The soft invalidation suite on a local Redis Cluster of 3 masters.
 */
@ExtendWith(RedisClusterExtension.class)
class ClusterSoftInvalidationIntegrationTests extends AbstractSoftInvalidationIntegrationTests {

	private static RedisClusterClient client;

	private static StatefulRedisClusterConnection<byte[], byte[]> raw;

	@BeforeAll
	static void connect(RedisCluster cluster) {
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
	RedisClusterCommands<byte[], byte[]> redis() {
		return raw.sync();
	}

}
