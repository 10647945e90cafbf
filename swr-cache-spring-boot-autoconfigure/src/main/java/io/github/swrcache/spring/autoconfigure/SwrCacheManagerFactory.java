package io.github.swrcache.spring.autoconfigure;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;

import io.github.swrcache.core.CircuitBreakerSettings;
import io.github.swrcache.core.RemoteOptions;
import io.github.swrcache.core.SwrCacheManager;
import io.github.swrcache.core.codec.ValueCodecFactory;
import io.github.swrcache.spring.autoconfigure.SwrCacheProperties.Redis;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * Builds the {@link SwrCacheManager} from the properties and the user's beans. With an
 * unreachable Redis the manager still starts: in-process only, connecting in the
 * background.
 */
final class SwrCacheManagerFactory {

	private final SwrCacheProperties properties;

	private final SwrCachePolicies policies;

	private final Executor refreshExecutor;

	private final @Nullable ValueCodecFactory codecs;

	private final @Nullable Clock clock;

	private final List<SwrCacheManagerBuilderCustomizer> customizers;

	SwrCacheManagerFactory(SwrCacheProperties properties, SwrCachePolicies policies, Executor refreshExecutor,
			@Nullable ValueCodecFactory codecs, @Nullable Clock clock,
			List<SwrCacheManagerBuilderCustomizer> customizers) {
		this.properties = properties;
		this.policies = policies;
		this.refreshExecutor = refreshExecutor;
		this.codecs = codecs;
		this.clock = clock;
		this.customizers = customizers;
	}

	SwrCacheManager create(@Nullable SwrCacheRedisConnection redis) {
		RemoteOptions options = remoteOptions();
		if (redis == null) {
			return builder().build();
		}
		// An unreachable Redis does not fail here: the manager starts in-process only,
		// with the circuit open, and connects in the background.
		return builder().remote(redis.client(), options).build();
	}

	private SwrCacheManager.Builder builder() {
		SwrCacheManager.Builder builder = SwrCacheManager.builder();
		SwrCacheProperties.Local local = this.properties.getLocal();
		PropertyCheck.apply("swr.cache.local.max-entries", local.getMaxEntries(), builder::localMaxEntries);
		PropertyCheck.apply("swr.cache.local.max-ttl", local.getMaxTtl(), builder::localMaxTtl);
		PropertyCheck.apply("swr.cache.refresh.timeout", this.properties.getRefresh().getTimeout(),
				builder::refreshTimeout);
		builder.refreshExecutor(this.refreshExecutor);
		builder.defaultPolicy(this.policies.getDefaultPolicy());
		this.policies.forEachConfigured(builder::cachePolicy);
		if (this.clock != null) {
			builder.clock(this.clock);
		}
		this.customizers.forEach((customizer) -> customizer.customize(builder));
		return builder;
	}

	RemoteOptions remoteOptions() {
		Redis redis = this.properties.getRedis();
		RemoteOptions.Builder builder = RemoteOptions.builder();
		PropertyCheck.apply("swr.cache.key-prefix", this.properties.getKeyPrefix(), builder::keyPrefix);
		PropertyCheck.apply("swr.cache.redis.command-timeout", redis.getCommandTimeout(), builder::commandTimeout);
		PropertyCheck.apply("swr.cache.redis.lock.lease", redis.getLock().getLease(), builder::lockLease);
		PropertyCheck.apply("swr.cache.redis.lock.wait", redis.getLock().getWait(), builder::lockWait);
		PropertyCheck.apply("swr.cache.redis.lock.on-lock-timeout", redis.getLock().getOnLockTimeout(),
				builder::onLockTimeout);
		PropertyCheck.apply("swr.cache.redis.max-value-size", redis.getMaxValueSize(),
				(size) -> builder.maxValueSize(bytes("maxValueSize", size)));
		PropertyCheck.apply("swr.cache.redis.compression-threshold", redis.getCompressionThreshold(),
				(size) -> builder.compressionThreshold(bytes("compressionThreshold", size)));
		PropertyCheck.apply("swr.cache.redis.key-version", redis.getKeyVersion(), builder::keyVersion);
		PropertyCheck.apply("swr.cache.redis.max-pending-invalidations", redis.getMaxPendingInvalidations(),
				builder::maxPendingInvalidations);
		builder.retryReads(redis.getRetry().isEnabled());
		builder.circuitBreaker(circuitBreaker(redis.getCircuitBreaker()));
		if (this.codecs != null) {
			builder.codecs(this.codecs);
		}
		return builder.build();
	}

	/**
	 * Builds the circuit breaker settings, checking each property on its own so that a
	 * bad value is reported under its own name.
	 */
	private static CircuitBreakerSettings circuitBreaker(SwrCacheProperties.CircuitBreaker properties) {
		String prefix = "swr.cache.redis.circuit-breaker.";
		CircuitBreakerSettings d = CircuitBreakerSettings.DEFAULTS;
		PropertyCheck.apply(prefix + "failure-rate-threshold", properties.getFailureRateThreshold(),
				(value) -> new CircuitBreakerSettings(value, d.slowCallRateThreshold(), d.slowCallDuration(),
						d.slidingWindowSize(), d.minimumCalls(), d.waitInOpenState(), d.halfOpenCalls()));
		PropertyCheck.apply(prefix + "slow-call-rate-threshold", properties.getSlowCallRateThreshold(),
				(value) -> new CircuitBreakerSettings(d.failureRateThreshold(), value, d.slowCallDuration(),
						d.slidingWindowSize(), d.minimumCalls(), d.waitInOpenState(), d.halfOpenCalls()));
		PropertyCheck.apply(prefix + "slow-call-duration", properties.getSlowCallDuration(),
				(value) -> new CircuitBreakerSettings(d.failureRateThreshold(), d.slowCallRateThreshold(), value,
						d.slidingWindowSize(), d.minimumCalls(), d.waitInOpenState(), d.halfOpenCalls()));
		PropertyCheck.apply(prefix + "sliding-window-size", properties.getSlidingWindowSize(),
				(value) -> new CircuitBreakerSettings(d.failureRateThreshold(), d.slowCallRateThreshold(),
						d.slowCallDuration(), value, d.minimumCalls(), d.waitInOpenState(), d.halfOpenCalls()));
		PropertyCheck.apply(prefix + "minimum-calls", properties.getMinimumCalls(),
				(value) -> new CircuitBreakerSettings(d.failureRateThreshold(), d.slowCallRateThreshold(),
						d.slowCallDuration(), d.slidingWindowSize(), value, d.waitInOpenState(), d.halfOpenCalls()));
		PropertyCheck.apply(prefix + "wait-in-open-state", properties.getWaitInOpenState(),
				(value) -> new CircuitBreakerSettings(d.failureRateThreshold(), d.slowCallRateThreshold(),
						d.slowCallDuration(), d.slidingWindowSize(), d.minimumCalls(), value, d.halfOpenCalls()));
		PropertyCheck.apply(prefix + "half-open-calls", properties.getHalfOpenCalls(),
				(value) -> new CircuitBreakerSettings(d.failureRateThreshold(), d.slowCallRateThreshold(),
						d.slowCallDuration(), d.slidingWindowSize(), d.minimumCalls(), d.waitInOpenState(), value));
		return new CircuitBreakerSettings(properties.getFailureRateThreshold(), properties.getSlowCallRateThreshold(),
				properties.getSlowCallDuration(), properties.getSlidingWindowSize(), properties.getMinimumCalls(),
				properties.getWaitInOpenState(), properties.getHalfOpenCalls());
	}

	private static int bytes(String field, @Nullable DataSize size) {
		if (size == null || size.toBytes() > Integer.MAX_VALUE) {
			throw new IllegalArgumentException(field + " must be at most " + Integer.MAX_VALUE + " bytes, was " + size);
		}
		return (int) size.toBytes();
	}

}
