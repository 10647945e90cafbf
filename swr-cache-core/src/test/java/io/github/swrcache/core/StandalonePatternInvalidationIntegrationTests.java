package io.github.swrcache.core;

import java.util.List;

import io.github.swrcache.core.testsupport.RedisExtension;
import io.github.swrcache.core.testsupport.StandaloneConnections;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pattern invalidation on one standalone Redis.
 */
@ExtendWith(RedisExtension.class)
class StandalonePatternInvalidationIntegrationTests extends AbstractPatternInvalidationIntegrationTests {

	@RegisterExtension
	static final StandaloneConnections connections = new StandaloneConnections();

	@Override
	AbstractRedisClient client() {
		return connections.client();
	}

	@Override
	List<RedisCommands<byte[], byte[]>> servers() {
		return List.of(connections.commands());
	}

	@Override
	RedisClusterCommands<byte[], byte[]> routed() {
		return connections.commands();
	}

}
