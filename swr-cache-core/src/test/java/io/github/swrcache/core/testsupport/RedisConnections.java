package io.github.swrcache.core.testsupport;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.api.StatefulConnection;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Lettuce client, and optionally one raw {@code byte[]} connection through it, opened
 * before a test class's first test and closed after its last, for the Redis that the
 * class's {@link RedisExtension} or {@link RedisClusterExtension} gives it. Registered on
 * a static field, after that extension, so that it opens after the Redis starts and
 * closes before the Redis stops. Nested classes share the connections of their enclosing
 * class.
 *
 * @param <C> the type of client
 * @param <S> the type of raw connection
 * @see StandaloneConnections
 * @see ClusterConnections
 */
public abstract class RedisConnections<C extends AbstractRedisClient, S extends StatefulConnection<byte[], byte[]>>
		implements BeforeAllCallback, AfterAllCallback {

	private final boolean withConnection;

	private @Nullable String owner;

	private @Nullable C client;

	private @Nullable S connection;

	RedisConnections(boolean withConnection) {
		this.withConnection = withConnection;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		if (this.owner != null) {
			return;
		}
		this.owner = context.getUniqueId();
		C created = createClient(context);
		// Set before connecting so that afterAll shuts the client down if connecting
		// fails.
		this.client = created;
		if (this.withConnection) {
			this.connection = connect(created);
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (!context.getUniqueId().equals(this.owner)) {
			return;
		}
		C openClient = this.client;
		S openConnection = this.connection;
		this.owner = null;
		this.client = null;
		this.connection = null;
		if (openClient != null) {
			try {
				if (openConnection != null) {
					openConnection.close();
				}
			}
			finally {
				openClient.shutdown();
			}
		}
	}

	/**
	 * Return the client, open from {@code beforeAll} to {@code afterAll}.
	 * @return the client
	 * @throws IllegalStateException outside that time
	 */
	public C client() {
		C open = this.client;
		if (open == null) {
			throw new IllegalStateException("No Redis client outside beforeAll..afterAll of the test class");
		}
		return open;
	}

	/**
	 * Return the raw connection.
	 * @return the connection
	 * @throws IllegalStateException outside {@code beforeAll..afterAll}, or if these
	 * connections were created without one
	 */
	S connection() {
		S open = this.connection;
		if (open == null) {
			throw new IllegalStateException(
					this.withConnection ? "No raw Redis connection outside beforeAll..afterAll of the test class"
							: "No raw Redis connection: these connections were created by clientOnly()");
		}
		return open;
	}

	abstract C createClient(ExtensionContext context);

	abstract S connect(C client);

}
