package io.github.swrcache.core.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link RedisClient} with default options, and one raw {@code byte[]} connection, for
 * the standalone Redis of the class's {@link RedisExtension}: <pre class="code">
 * &#064;ExtendWith(RedisExtension.class)
 * class StandaloneThingIntegrationTests {
 *
 *     &#064;RegisterExtension
 *     static final StandaloneConnections connections = new StandaloneConnections();
 * }
 * </pre>
 */
public final class StandaloneConnections
		extends RedisConnections<RedisClient, StatefulRedisConnection<byte[], byte[]>> {

	/**
	 * Connections with a client and a raw connection.
	 */
	public StandaloneConnections() {
		this(true);
	}

	private StandaloneConnections(boolean withConnection) {
		super(withConnection);
	}

	/**
	 * Connections with a client only, for classes that never send raw commands.
	 * @return connections without a raw connection
	 */
	public static StandaloneConnections clientOnly() {
		return new StandaloneConnections(false);
	}

	/**
	 * Return the synchronous commands of the raw connection.
	 * @return the commands
	 */
	public RedisCommands<byte[], byte[]> commands() {
		return connection().sync();
	}

	/**
	 * Return the names of the keys matching a pattern, by {@code KEYS}.
	 * @param pattern the glob-style pattern
	 * @return the names, decoded as UTF-8
	 */
	public Set<String> keys(String pattern) {
		Set<String> keys = new LinkedHashSet<>();
		commands().keys(pattern).forEach((key) -> keys.add(new String(key, StandardCharsets.UTF_8)));
		return keys;
	}

	@Override
	RedisClient createClient(ExtensionContext context) {
		return RedisClient.create(RedisExtension.endpoint(context).uri());
	}

	@Override
	StatefulRedisConnection<byte[], byte[]> connect(RedisClient client) {
		return client.connect(ByteArrayCodec.INSTANCE);
	}

}
