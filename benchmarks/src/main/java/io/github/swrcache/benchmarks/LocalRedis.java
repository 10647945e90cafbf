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
final class LocalRedis implements AutoCloseable {

	private final Process process;

	private final String uri;

	private LocalRedis(Process process, String uri) {
		this.process = process;
		this.uri = uri;
	}

	static LocalRedis start() {
		String url = System.getenv("REDIS_URL");
		if (url != null && !url.isBlank()) {
			return new LocalRedis(null, url);
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
			LocalRedis redis = new LocalRedis(process, uri);
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

	String uri() {
		return this.uri;
	}

	@Override
	public void close() {
		if (this.process != null) {
			this.process.destroy();
		}
	}

}
