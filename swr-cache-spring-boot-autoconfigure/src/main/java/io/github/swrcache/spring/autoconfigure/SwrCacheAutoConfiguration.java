package io.github.swrcache.spring.autoconfigure;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executor;

import io.github.swrcache.core.ConsistencySampling;
import io.github.swrcache.core.RemoteOptions;
import io.github.swrcache.core.SwrCacheManager;
import io.github.swrcache.core.codec.ValueCodecFactory;
import io.github.swrcache.core.warmup.CacheWarmer;
import io.github.swrcache.core.warmup.WarmUpRunner;
import io.github.swrcache.core.warmup.WarmUpScheduler;
import io.github.swrcache.spring.aop.SwrCacheAdvisor;
import io.github.swrcache.spring.aop.SwrCacheInterceptor;
import io.github.swrcache.spring.cache.SwrSpringCacheManager;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of swr-cache: a {@link SwrCacheManager} built from
 * {@link SwrCacheProperties}, shared through Spring Boot's Redis (Lettuce) when present,
 * the {@code @SwrCacheable} family of annotations, and a Spring {@link CacheManager} over
 * the same caches.
 * <p>
 * The manager honours the user's {@link ValueCodecFactory}, {@link Clock}, an
 * {@link Executor} bean named or qualified {@code swrCacheRefreshExecutor}, and every
 * {@link SwrCacheManagerBuilderCustomizer}. Background refreshes run with the caller's
 * MDC and, when Micrometer's context-propagation is present, the caller's
 * {@code ThreadLocalAccessor}-registered context (the current Observation among it).
 * Start-up never fails because Redis cannot be reached: the manager then keeps its caches
 * in-process.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass(SwrCacheManager.class)
@EnableConfigurationProperties(SwrCacheProperties.class)
public final class SwrCacheAutoConfiguration {

	/** Name of the refresh executor bean that the manager uses when it exists. */
	public static final String REFRESH_EXECUTOR_BEAN_NAME = "swrCacheRefreshExecutor";

	private static final Log logger = LogFactory.getLog(SwrCacheAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	SwrCachePolicies swrCachePolicies(SwrCacheProperties properties) {
		return new SwrCachePolicies(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	RefreshExecutorFactory swrCacheRefreshExecutorFactory(SwrCacheProperties properties,
			@Qualifier(REFRESH_EXECUTOR_BEAN_NAME) ObjectProvider<Executor> refreshExecutor,
			ObjectProvider<RefreshExecutorDecorator> decorators) {
		return new RefreshExecutorFactory(properties.getRefresh(), refreshExecutor.getIfAvailable(),
				decorators.orderedStream().toList());
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	SwrCacheManager swrCacheManager(SwrCacheProperties properties, SwrCachePolicies policies,
			RefreshExecutorFactory refreshExecutors, Optional<SwrCacheRedisConnection> redis,
			ObjectProvider<ValueCodecFactory> codecs, ObjectProvider<Clock> clock,
			ObjectProvider<SwrCacheManagerBuilderCustomizer> customizers) {
		SwrCacheManagerFactory factory = new SwrCacheManagerFactory(properties, policies, refreshExecutors.executor(),
				codecs.getIfUnique(), clock.getIfUnique(), customizers.orderedStream().toList());
		// Injected, not looked up, so that the manager closes before Redis does.
		SwrCacheRedisConnection connection = redis.orElse(null);
		if (connection == null) {
			logger.info("swr-cache keeps its caches in-process only: " + noRedisReason(properties));
		}
		return new LifecycleSwrCacheManager(factory.create(connection));
	}

	private static String noRedisReason(SwrCacheProperties properties) {
		if (!properties.getRedis().isEnabled()) {
			return "swr.cache.redis.enabled is false";
		}
		if (!ClassUtils.isPresent("org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory",
				SwrCacheAutoConfiguration.class.getClassLoader())) {
			return "Spring Data Redis with Lettuce is not on the classpath (add spring-boot-starter-data-redis)";
		}
		return "there is no single LettuceConnectionFactory bean";
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ LettuceConnectionFactory.class, RemoteOptions.class })
	@ConditionalOnBooleanProperty(name = "swr.cache.redis.enabled", matchIfMissing = true)
	static class RedisConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(LettuceConnectionFactory.class)
		SwrCacheRedisConnection swrCacheRedisConnection(ObjectProvider<LettuceConnectionFactory> connectionFactory) {
			return new SwrCacheRedisConnection(connectionFactory.getObject());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "swrCacheMeterRegistryCustomizer")
		SwrCacheManagerBuilderCustomizer swrCacheMeterRegistryCustomizer(ObjectProvider<MeterRegistry> registry) {
			return (builder) -> {
				MeterRegistry meterRegistry = registry.getIfUnique();
				if (meterRegistry != null) {
					builder.meterRegistry(meterRegistry);
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ContextSnapshotFactory.class)
	static class ContextPropagationConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "swrCacheRefreshContextPropagation")
		RefreshExecutorDecorator swrCacheRefreshContextPropagation() {
			ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();
			return (executor) -> new ContextPropagatingExecutor(executor, snapshots);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@Import(SwrCacheProxyRegistrar.class)
	static class AnnotationConfiguration {

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		@ConditionalOnMissingBean
		static SwrCacheAdvisor swrCacheAdvisor(ObjectProvider<SwrCacheManager> manager,
				ObjectProvider<SwrCachePolicies> policies, BeanFactory beanFactory) {
			return new SwrCacheAdvisor(new SwrCacheInterceptor(manager::getObject,
					(name) -> policies.getObject().getPolicy(name), beanFactory));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(CacheManager.class)
	static class SpringCacheConfiguration {

		@Bean
		@ConditionalOnMissingBean(CacheManager.class)
		SwrSpringCacheManager cacheManager(SwrCacheManager swrCacheManager, SwrCachePolicies policies) {
			return new SwrSpringCacheManager(swrCacheManager, policies::getPolicy, policies::getValueType);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "swr.cache.warm-up.enabled", matchIfMissing = true)
	static class WarmUpConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WarmUpScheduler swrCacheWarmUpScheduler() {
			return new SpringWarmUpScheduler();
		}

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean
		WarmUpRunner swrCacheWarmUpRunner(SwrCacheManager manager, SwrCacheProperties properties,
				SwrCachePolicies policies, ObjectProvider<CacheWarmer<?, ?>> warmers, WarmUpScheduler scheduler,
				ObjectProvider<SwrCacheAdvisor> advisor) {
			WarmUpRunner.Builder builder = WarmUpRunner.builder(manager)
				.warmers(warmers.orderedStream().toList())
				.scheduler(scheduler);
			PropertyCheck.apply("swr.cache.warm-up.batch-size", properties.getWarmUp().getBatchSize(),
					builder::batchSize);
			SwrCacheAdvisor cacheAdvisor = advisor.getIfAvailable();
			if (cacheAdvisor != null && cacheAdvisor.getAdvice() instanceof SwrCacheInterceptor interceptor) {
				// A warmed cache is the one the annotated methods use: same value type
				// and policy.
				builder.cacheResolver((name, valueType) -> interceptor.cacheNamed(name,
						(valueType != null) ? valueType : policies.getValueType(name)));
			}
			return builder.build();
		}

		@Bean
		@ConditionalOnMissingBean
		SwrCacheWarmUpStarter swrCacheWarmUpStarter(WarmUpRunner runner, SwrCacheProperties properties) {
			SwrCacheProperties.WarmUp warmUp = properties.getWarmUp();
			PropertyCheck.apply("swr.cache.warm-up.readiness-timeout", warmUp.getReadinessTimeout(), (timeout) -> {
				if (timeout == null || timeout.isNegative() || timeout.isZero()) {
					throw new IllegalArgumentException("readinessTimeout must be positive, was " + timeout);
				}
			});
			return new SwrCacheWarmUpStarter(runner, warmUp.isWaitForReadiness(), warmUp.getReadinessTimeout());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "swr.cache.consistency.enabled")
	static class ConsistencyConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "swrCacheConsistencySamplingCustomizer")
		SwrCacheManagerBuilderCustomizer swrCacheConsistencySamplingCustomizer(SwrCacheProperties properties) {
			ConsistencySampling sampling = consistencySampling(properties.getConsistency());
			return (builder) -> builder.consistencySampling(sampling);
		}

		private static ConsistencySampling consistencySampling(SwrCacheProperties.Consistency properties) {
			String prefix = "swr.cache.consistency.";
			ConsistencySampling.Builder builder = ConsistencySampling.builder();
			PropertyCheck.apply(prefix + "sample-probability", properties.getSampleProbability(), builder::probability);
			PropertyCheck.apply(prefix + "checks-per-interval", properties.getChecksPerInterval(),
					builder::checksPerInterval);
			PropertyCheck.apply(prefix + "interval", properties.getInterval(), builder::interval);
			PropertyCheck.apply(prefix + "max-candidates", properties.getMaxCandidates(), builder::maxCandidates);
			return builder.repair(properties.isRepair()).build();
		}

	}

}
