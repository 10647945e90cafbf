package io.github.swrcache.spring.actuate;

import java.time.Duration;
import java.util.List;

import io.github.swrcache.core.RemoteStatus;
import io.github.swrcache.core.SwrCache;
import io.github.swrcache.core.SwrCacheManager;
import io.github.swrcache.spring.autoconfigure.SwrCacheRedisConnection;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code swrCache} health indicator. Always {@code UP} while the manager works, since
 * the application still serves without Redis (caches in-process, loads from the source):
 * Redis being down shows in the details ({@code redis.reachable=false}), not in the
 * status, so that the application's health is never {@code DOWN} because of the cache.
 * Details: node id, Redis mode, whether a {@code PING} answered and its latency, caches
 * and the sum of Redis errors the caches counted.
 * <p>
 * Spring Boot's own Redis health indicator ({@code redis}) does report {@code DOWN} when
 * Redis is down. To keep readiness {@code UP} while the cache degrades, leave it out of
 * the readiness group, for example
 * {@code management.endpoint.health.group.readiness.include=readinessState,swrCache}, or
 * turn it off with {@code management.health.redis.enabled=false}.
 */
public class SwrCacheHealthIndicator extends AbstractHealthIndicator {

	private final SwrCacheManager manager;

	private final @Nullable SwrCacheRedisConnection redis;

	private final Duration pingTimeout;

	/**
	 * Creates an indicator.
	 * @param manager the cache manager
	 * @param redis the Redis connection, or {@code null} when the caches are in-process
	 * @param pingTimeout the longest wait for a {@code PING}
	 */
	public SwrCacheHealthIndicator(SwrCacheManager manager, @Nullable SwrCacheRedisConnection redis,
			Duration pingTimeout) {
		super("swr-cache health check failed");
		this.manager = manager;
		this.redis = redis;
		this.pingTimeout = pingTimeout;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.up().withDetail("nodeId", this.manager.nodeId());
		long remoteErrors = 0;
		List<String> names = List.copyOf(this.manager.cacheNames());
		for (String name : names) {
			SwrCache<?, ?> cache = this.manager.getCache(name);
			if (cache != null) {
				remoteErrors += cache.statistics().remoteErrors();
			}
		}
		builder.withDetail("caches", names.size());
		RemoteStatus status = this.manager.remoteStatus();
		if (this.redis == null) {
			builder.withDetail("redis", new RedisHealth("none", false, null, remoteErrors, status.circuitState(),
					status.busSubscribed(), status.pendingInvalidations()));
			return;
		}
		Duration latency = this.redis.ping(this.pingTimeout);
		builder.withDetail("redis",
				new RedisHealth(this.redis.mode(), latency != null,
						(latency != null) ? latency.toNanos() / 1_000_000.0 : null, remoteErrors, status.circuitState(),
						status.busSubscribed(), status.pendingInvalidations()));
	}

	/**
	 * The Redis part of the details.
	 *
	 * @param mode {@code standalone}, {@code sentinel}, {@code cluster}, or {@code none}
	 * @param reachable whether a {@code PING} answered in time
	 * @param latencyMillis the {@code PING} round trip in milliseconds
	 * @param remoteErrors Redis commands of the caches that failed or timed out so far
	 * @param circuit the circuit breaker's state: {@code CLOSED} (Redis in use),
	 * {@code OPEN} (bypassed), {@code HALF_OPEN} (probing)
	 * @param bus whether the invalidation bus's subscription is up
	 * @param pendingInvalidations invalidations waiting for Redis to come back
	 */
	public record RedisHealth(String mode, boolean reachable, @Nullable Double latencyMillis, long remoteErrors,
			String circuit, boolean bus, int pendingInvalidations) {
	}

}
