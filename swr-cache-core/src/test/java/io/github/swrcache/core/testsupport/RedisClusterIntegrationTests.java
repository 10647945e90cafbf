package io.github.swrcache.core.testsupport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link RedisClusterExtension} gives the class a ready 3-master {@link RedisCluster}
 * that Lettuce's cluster client routes keys across, slot by slot.
 */
@ExtendWith(RedisClusterExtension.class)
class RedisClusterIntegrationTests {

	private static final List<String> KEYS = IntStream.range(0, 100).mapToObj((i) -> "key:" + i).toList();

	private static RedisClusterClient client;

	private static StatefulRedisClusterConnection<String, String> connection;

	private static RedisAdvancedClusterCommands<String, String> redis;

	@BeforeAll
	static void connect(RedisCluster cluster) {
		client = RedisClusterClient.create(cluster.uris().stream().map(RedisURI::create).toList());
		connection = client.connect();
		redis = connection.sync();
	}

	@AfterAll
	static void shutdown() {
		if (client != null) {
			try {
				if (connection != null) {
					connection.close();
				}
			}
			finally {
				client.shutdown();
			}
		}
	}

	@BeforeEach
	void flush() {
		redis.flushall();
	}

	@Test
	void clusterIsReadyWithThreeMastersServingAllSlots(RedisCluster cluster) {
		assertThat(cluster.nodes()).hasSize(3).allMatch(RedisServer::isRunning);
		assertThat(cluster.uris()).containsExactlyElementsOf(cluster.nodes().stream().map(RedisServer::uri).toList());
		String info = redis.clusterInfo();
		assertThat(info).contains("cluster_state:ok\r\n", "cluster_known_nodes:3\r\n", "cluster_size:3\r\n",
				"cluster_slots_ok:16384\r\n");
	}

	@Test
	void keysAreStoredOnTheMasterOfTheirSlot(RedisCluster cluster) {
		KEYS.forEach((key) -> assertThat(redis.set(key, "value-of-" + key)).isEqualTo("OK"));

		KEYS.forEach((key) -> assertThat(redis.get(key)).isEqualTo("value-of-" + key));
		assertThat(KEYS.stream().map(SlotHash::getSlot).distinct().count()).isEqualTo(KEYS.size());
		Map<RedisServer, Long> expected = new HashMap<>();
		KEYS.forEach((key) -> expected.merge(cluster.masterFor(key), 1L, Long::sum));
		assertThat(expected).hasSize(3);
		for (RedisServer node : cluster.nodes()) {
			RedisClient nodeClient = RedisClient.create(node.uri());
			try (StatefulRedisConnection<String, String> nodeConnection = nodeClient.connect()) {
				assertThat(nodeConnection.sync().dbsize()).as(node.uri()).isEqualTo(expected.get(node));
			}
			finally {
				nodeClient.shutdown();
			}
		}
	}

	@Test
	void clusterOfFewerThanThreeMastersIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> RedisCluster.start(2, 1))
			.withMessage("a Redis Cluster needs at least 3 masters, was 2");
	}

	@Test
	void mgetAcrossSlotsReturnsEveryValueInKeyOrder() {
		KEYS.forEach((key) -> redis.set(key, "value-of-" + key));

		List<KeyValue<String, String>> values = redis.mget(KEYS.toArray(String[]::new));

		assertThat(values).extracting(KeyValue::getKey).containsExactlyElementsOf(KEYS);
		assertThat(values).extracting(KeyValue::getValue)
			.containsExactlyElementsOf(KEYS.stream().map((key) -> "value-of-" + key).toList());
	}

}
