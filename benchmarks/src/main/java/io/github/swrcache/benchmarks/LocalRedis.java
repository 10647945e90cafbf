package io.github.swrcache.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;

/**
 * A {@code redis-server} started for one benchmark on a free loopback port, or the server
 * named by the {@code REDIS_URL} environment variable. Never the shared one on 6379.
 */
public final class LocalRedis implements AutoCloseable {

	private Process process;

	private final String uri;

	private final int port;

	private final Path dir;

	private LocalRedis(Process process, String uri, int port, Path dir) {
		this.process = process;
		this.uri = uri;
		this.port = port;
		this.dir = dir;
	}

	/**
	 * Starts a server, or connects to {@code REDIS_URL} when set.
	 * @return the server
	 */
	public static LocalRedis start() {
		String url = System.getenv("REDIS_URL");
		if (url != null && !url.isBlank()) {
			return new LocalRedis(null, url, -1, null);
		}
		try {
			int port;
			try (ServerSocket socket = new ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			Path dir = Files.createTempDirectory("swr-bench-redis");
			Process process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind",
					"127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString())
				.redirectErrorStream(true)
				.redirectOutput(dir.resolve("redis.log").toFile())
				.start();
			String uri = "redis://127.0.0.1:" + port;
			RedisClient probe = RedisClient.create(uri);
			try {
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
				while (true) {
					try (var connection = probe.connect()) {
						connection.sync().ping();
						break;
					}
					catch (RuntimeException ex) {
						if (System.nanoTime() > deadline) {
							throw new IllegalStateException("redis-server did not start on " + uri, ex);
						}
						Thread.sleep(50);
					}
				}
			}
			finally {
				probe.shutdown();
			}
			LocalRedis redis = new LocalRedis(process, uri, port, dir);
			Runtime.getRuntime().addShutdownHook(new Thread(redis::close));
			return redis;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start redis-server (is it installed?)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static Process launch(int port, Path dir) throws IOException {
		return new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
				"--appendonly", "no", "--dir", dir.toString())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
			.start();
	}

	/**
	 * The server's URI.
	 * @return a {@code redis://} URI
	 */
	public String uri() {
		return this.uri;
	}

	/**
	 * Kills the server (SIGKILL), as a crash would.
	 */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor();
	}

	/**
	 * Starts the server again on the same port, empty.
	 */
	public void restart() throws IOException {
		this.process = launch(this.port, this.dir);
	}

	/**
	 * Whether this object started the server (so it can kill and restart it).
	 * @return false when {@code REDIS_URL} names the server
	 */
	public boolean owned() {
		return this.dir != null;
	}

	@Override
	public void close() {
		if (this.process != null) {
			this.process.destroy();
		}
	}

}
