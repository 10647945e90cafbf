package io.github.swrcache.core;

import io.github.swrcache.core.testsupport.RedisCluster;
import io.github.swrcache.core.testsupport.RedisClusterExtension;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The warm-up suite on a local Redis Cluster of 3 masters: batches span every master.
 */
@ExtendWith(RedisClusterExtension.class)
class ClusterWarmUpIntegrationTests extends AbstractWarmUpIntegrationTests {

	private static RedisClusterClient client;

	@BeforeAll
	static void connect(RedisCluster cluster) {
		client = RedisClusterClient.create(cluster.uris().stream().map(RedisURI::create).toList());
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
