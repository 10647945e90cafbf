package io.github.swrcache.core;

import java.util.Set;

import io.github.swrcache.core.testsupport.RedisExtension;
import io.github.swrcache.core.testsupport.StandaloneConnections;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The multi-node suite on one standalone Redis, through a {@link RedisClient}.
 */
@ExtendWith(RedisExtension.class)
class StandaloneMultiNodeIntegrationTests extends AbstractMultiNodeIntegrationTests {

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

	@Override
	void killPubSubConnections() {
		connections.commands().clientKill(KillArgs.Builder.typePubsub());
	}

	@Override
	Set<String> keys(String pattern) {
		return connections.keys(pattern);
	}

}
