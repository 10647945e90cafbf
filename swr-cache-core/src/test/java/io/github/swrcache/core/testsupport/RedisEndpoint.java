package io.github.swrcache.core.testsupport;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A standalone Redis that a test class may use and flush, as resolved by
 * {@link RedisExtension}.
 *
 * @param uri the {@code redis://} URI of the server
 * @param source where it comes from: {@value #TESTCONTAINERS}, {@value #REDIS_SERVER} or
 * {@value #REDIS_URL}
 * @param server the local process when the source is {@value #REDIS_SERVER}, for fault
 * tests that kill and restart it; {@code null} otherwise
 */
public record RedisEndpoint(String uri, String source, @Nullable RedisServer server) {

	/** A {@code redis:7-alpine} container started by Testcontainers. */
	public static final String TESTCONTAINERS = "testcontainers";

	/** A {@link RedisServer} child process. */
	public static final String REDIS_SERVER = "redis-server";

	/** The server named by the {@code REDIS_URL} environment variable. */
	public static final String REDIS_URL = "REDIS_URL";

	public RedisEndpoint {
		Objects.requireNonNull(uri, "uri");
		Objects.requireNonNull(source, "source");
		if (REDIS_SERVER.equals(source) != (server != null)) {
			throw new IllegalArgumentException("a server is given exactly when the source is " + REDIS_SERVER
					+ ", was source " + source + " and server " + server);
		}
	}

}
