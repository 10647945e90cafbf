package io.github.swrcache.core;

import io.github.swrcache.core.testsupport.RedisExtension;
import io.github.swrcache.core.testsupport.StandaloneConnections;
import io.lettuce.core.AbstractRedisClient;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Consistency sampling on one standalone Redis.
 */
@ExtendWith(RedisExtension.class)
class StandaloneConsistencyIntegrationTests extends AbstractConsistencyIntegrationTests {

	@RegisterExtension
	static final StandaloneConnections connections = StandaloneConnections.clientOnly();

	@Override
	AbstractRedisClient client() {
		return connections.client();
	}

}
