package io.github.swrcache.core.testsupport;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Function;

import io.lettuce.core.RedisURI;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A standalone Redis for tests, from the first source that exists:
 * <ol>
 * <li>a {@code redis:7-alpine} container, if Testcontainers finds a Docker engine;</li>
 * <li>a {@link RedisServer}, if {@code redis-server} is on {@code PATH};</li>
 * <li>the server named by the {@code REDIS_URL} environment variable, which the tests may
 * flush: never the machine's own {@code 6379} on the loopback interface.</li>
 * </ol>
 * Without any, a test fails when the {@code CI} environment variable is {@code true}, and
 * is aborted (reported as skipped) otherwise, with a message that says how to provide
 * Redis. {@link #close()} stops the container or process, never a {@code REDIS_URL}
 * server.
 */
public final class RedisSupport implements AutoCloseable {

	static final String HOW_TO_PROVIDE = "install redis-server so that it is on PATH (for example "
			+ "'apt-get install redis-server'), or set REDIS_URL to the redis:// URI of a server the tests may "
			+ "flush (not the default port 6379 of this machine), or run a Docker engine for Testcontainers";

	private static final DockerImageName IMAGE = DockerImageName.parse("redis:7-alpine");

	private final RedisEndpoint endpoint;

	private final Runnable stop;

	private RedisSupport(RedisEndpoint endpoint, Runnable stop) {
		this.endpoint = endpoint;
		this.stop = stop;
	}

	/**
	 * Obtain a Redis from the first available source.
	 * @return the Redis, to be closed by the caller
	 * @throws IllegalStateException if there is none and {@code CI=true}, if
	 * {@code REDIS_URL} is invalid or names port 6379 of the loopback interface, or if
	 * the source fails to start
	 * @throws org.opentest4j.TestAbortedException if there is none outside CI
	 */
	public static RedisSupport obtain() {
		return obtain(DockerCheck.AVAILABLE, Executables.find("redis-server").isPresent(), System::getenv);
	}

	static RedisSupport obtain(boolean dockerAvailable, boolean redisServerOnPath,
			Function<String, @Nullable String> environment) {
		if (dockerAvailable) {
			return container();
		}
		if (redisServerOnPath) {
			RedisServer server = RedisServer.start();
			return new RedisSupport(new RedisEndpoint(server.uri(), RedisEndpoint.REDIS_SERVER, server), server::stop);
		}
		String url = environment.apply("REDIS_URL");
		if (url != null && !url.isBlank()) {
			return new RedisSupport(new RedisEndpoint(checkRedisUrl(url), RedisEndpoint.REDIS_URL, null), () -> {
			});
		}
		return unavailable("No Redis for the integration tests: " + HOW_TO_PROVIDE, environment);
	}

	/**
	 * Return where the tests reach this Redis.
	 * @return the endpoint
	 */
	public RedisEndpoint endpoint() {
		return this.endpoint;
	}

	/**
	 * Stop the container or process behind the endpoint, if this class started it.
	 */
	@Override
	public void close() {
		this.stop.run();
	}

	/**
	 * Report that a test cannot get the Redis it needs: fail on CI, where a skipped Redis
	 * test would pass unnoticed, and abort the test elsewhere.
	 * @param <T> any type, for use in return statements
	 * @param message what is missing and how to provide it
	 * @param environment the environment variables
	 * @return never
	 * @throws IllegalStateException if {@code CI} is {@code true}
	 * @throws org.opentest4j.TestAbortedException otherwise
	 */
	static <T> T unavailable(String message, Function<String, @Nullable String> environment) {
		if ("true".equalsIgnoreCase(environment.apply("CI"))) {
			throw new IllegalStateException(message + " (CI=true, so this fails instead of skipping)");
		}
		return Assumptions.abort(message);
	}

	private static RedisSupport container() {
		GenericContainer<?> container = new GenericContainer<>(IMAGE).withExposedPorts(RedisServer.DEFAULT_PORT);
		container.start();
		String uri = "redis://" + container.getHost() + ":" + container.getMappedPort(RedisServer.DEFAULT_PORT);
		return new RedisSupport(new RedisEndpoint(uri, RedisEndpoint.TESTCONTAINERS, null), container::stop);
	}

	private static String checkRedisUrl(String url) {
		RedisURI parsed;
		try {
			parsed = RedisURI.create(url);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("REDIS_URL is not a redis:// URI: '" + url + "'", ex);
		}
		String host = parsed.getHost();
		if (host != null && parsed.getPort() == RedisServer.DEFAULT_PORT && isLoopback(host)) {
			throw new IllegalStateException("REDIS_URL must not name port " + RedisServer.DEFAULT_PORT
					+ " of this machine, whose Redis the tests never use or flush: was '" + url
					+ "'; start a server on another port for the tests");
		}
		return url;
	}

	private static boolean isLoopback(String host) {
		try {
			return InetAddress.getByName(host).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			// Not resolvable: the tests will not reach it at all, let alone the local
			// Redis.
			return false;
		}
	}

	// Asked once per JVM: the answer does not change during a run and takes ~0.4 s to
	// get.
	private static final class DockerCheck {

		static final boolean AVAILABLE = DockerClientFactory.instance().isDockerAvailable();

	}

}
