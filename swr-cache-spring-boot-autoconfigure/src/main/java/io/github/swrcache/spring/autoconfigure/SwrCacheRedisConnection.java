package io.github.swrcache.spring.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.lettuce.core.AbstractRedisClient;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The Redis that swr-cache shares its caches through: Spring Boot's
 * {@link LettuceConnectionFactory}, so that {@code spring.data.redis.*} (standalone,
 * Sentinel, Cluster, SSL, ACL user) applies unchanged. Also probes Redis for the health
 * indicator, never blocking a caller for longer than the timeout it gives.
 */
public final class SwrCacheRedisConnection implements DisposableBean {

	private final LettuceConnectionFactory connectionFactory;

	private final ExecutorService probes = Executors.newSingleThreadExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "swr-cache-redis-probe");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicReference<@Nullable CompletableFuture<Duration>> probe = new AtomicReference<>();

	/**
	 * Uses {@code connectionFactory}, starting it when it was not started yet.
	 * @param connectionFactory Spring Boot's connection factory
	 */
	public SwrCacheRedisConnection(LettuceConnectionFactory connectionFactory) {
		this.connectionFactory = connectionFactory;
		if (!connectionFactory.isRunning()) {
			connectionFactory.start();
		}
	}

	/**
	 * The Lettuce client configured by Spring Boot.
	 * @return the client; it stays Spring Boot's to shut down
	 */
	public AbstractRedisClient client() {
		return this.connectionFactory.getNativeClient();
	}

	/**
	 * How Redis is deployed.
	 * @return {@code cluster}, {@code sentinel} or {@code standalone}
	 */
	public String mode() {
		if (this.connectionFactory.isClusterAware()) {
			return "cluster";
		}
		return this.connectionFactory.isRedisSentinelAware() ? "sentinel" : "standalone";
	}

	/**
	 * Sends a {@code PING}. A probe still running from an earlier call is awaited instead
	 * of starting another, so an unreachable Redis never piles up probes.
	 * @param timeout the longest wait
	 * @return the round-trip time, or {@code null} when Redis did not answer in time
	 */
	public @Nullable Duration ping(Duration timeout) {
		CompletableFuture<Duration> running = this.probe.get();
		if (running == null || running.isDone()) {
			running = CompletableFuture.supplyAsync(this::timedPing, this.probes);
			this.probe.set(running);
		}
		try {
			return running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		catch (Exception ex) {
			return null;
		}
	}

	private Duration timedPing() {
		long start = System.nanoTime();
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			connection.ping();
		}
		return Duration.ofNanos(System.nanoTime() - start);
	}

	@Override
	public void destroy() {
		this.probes.shutdownNow();
	}

}
