package io.github.swrcache.core.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

import io.lettuce.core.RedisURI;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link RedisClusterClient} with default options seeded with every node, and one raw
 * {@code byte[]} connection, for the Redis Cluster of the class's
 * {@link RedisClusterExtension}: <pre class="code">
 * &#064;ExtendWith(RedisClusterExtension.class)
 * class ClusterThingIntegrationTests {
 *
 *     &#064;RegisterExtension
 *     static final ClusterConnections connections = new ClusterConnections();
 * }
 * </pre>
 */
public final class ClusterConnections
		extends RedisConnections<RedisClusterClient, StatefulRedisClusterConnection<byte[], byte[]>> {

	private @Nullable RedisCluster cluster;

	/**
	 * Connections with a client and a raw connection.
	 */
	public ClusterConnections() {
		this(true);
	}

	private ClusterConnections(boolean withConnection) {
		super(withConnection);
	}

	/**
	 * Connections with a client only, for classes that never send raw commands.
	 * @return connections without a raw connection
	 */
	public static ClusterConnections clientOnly() {
		return new ClusterConnections(false);
	}

	/**
	 * Return the cluster the client connects to.
	 * @return the cluster
	 * @throws IllegalStateException before {@code beforeAll}
	 */
	public RedisCluster cluster() {
		RedisCluster started = this.cluster;
		if (started == null) {
			throw new IllegalStateException("No Redis Cluster before beforeAll of the test class");
		}
		return started;
	}

	/**
	 * Return the synchronous commands of the raw connection, routed by key.
	 * @return the commands
	 */
	public RedisAdvancedClusterCommands<byte[], byte[]> commands() {
		return connection().sync();
	}

	/**
	 * Return commands to one node of the cluster only, not routed by key.
	 * @param server the node
	 * @return the commands
	 */
	public RedisCommands<byte[], byte[]> node(RedisServer server) {
		return connection().getConnection("127.0.0.1", server.port()).sync();
	}

	/**
	 * Return the names of the keys matching a pattern on every master, by {@code KEYS}.
	 * @param pattern the glob-style pattern
	 * @return the names, decoded as UTF-8
	 */
	public Set<String> keys(String pattern) {
		Set<String> keys = new LinkedHashSet<>();
		commands().upstream()
			.commands()
			.keys(pattern)
			.forEach((onMaster) -> onMaster.forEach((key) -> keys.add(new String(key, StandardCharsets.UTF_8))));
		return keys;
	}

	@Override
	RedisClusterClient createClient(ExtensionContext context) {
		RedisCluster started = RedisClusterExtension.cluster(context);
		this.cluster = started;
		return RedisClusterClient.create(started.uris().stream().map(RedisURI::create).toList());
	}

	@Override
	StatefulRedisClusterConnection<byte[], byte[]> connect(RedisClusterClient client) {
		return client.connect(ByteArrayCodec.INSTANCE);
	}

}
