package io.github.swrcache.spring.autoconfigure;

import java.util.concurrent.atomic.AtomicInteger;

import io.github.swrcache.core.SwrCacheManager;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;

import static org.assertj.core.api.Assertions.assertThat;

class LifecycleSwrCacheManagerTests {

	@Test
	void managerIsClosedOnceWhenStoppedThenDestroyed() {
		AtomicInteger closes = new AtomicInteger();
		SwrCacheManager delegate = SwrCacheManager.builder().build();
		LifecycleSwrCacheManager manager = new LifecycleSwrCacheManager(new ForwardingManager(delegate, closes));
		manager.start();
		manager.stop();
		manager.close();
		assertThat(closes).hasValue(1);
		assertThat(manager.isRunning()).isFalse();
	}

	@Test
	void autoConfiguredManagerStopsBeforeTheRedisConnectionFactory() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SwrCacheAutoConfiguration.class))
			.run((context) -> assertThat(((SmartLifecycle) context.getBean(SwrCacheManager.class)).getPhase())
				.isGreaterThan(0));
	}

	private record ForwardingManager(SwrCacheManager delegate, AtomicInteger closes) implements SwrCacheManager {

		@Override
		public <K, V> io.github.swrcache.core.SwrCache<K, V> cache(String name, Class<V> valueType) {
			return this.delegate.cache(name, valueType);
		}

		@Override
		public <K, V> io.github.swrcache.core.SwrCache<K, V> cache(String name, Class<V> valueType,
				io.github.swrcache.core.CachePolicy policy) {
			return this.delegate.cache(name, valueType, policy);
		}

		@Override
		public <K, V> io.github.swrcache.core.SwrCache<K, V> cache(String name, java.lang.reflect.Type valueType,
				io.github.swrcache.core.CachePolicy policy) {
			return this.delegate.cache(name, valueType, policy);
		}

		@Override
		public io.github.swrcache.core.SwrCache<?, ?> getCache(String name) {
			return this.delegate.getCache(name);
		}

		@Override
		public java.util.Collection<String> cacheNames() {
			return this.delegate.cacheNames();
		}

		@Override
		public io.github.swrcache.core.RemoteStatus remoteStatus() {
			return this.delegate.remoteStatus();
		}

		@Override
		public String nodeId() {
			return this.delegate.nodeId();
		}

		@Override
		public io.github.swrcache.core.event.ManagerEventPublisher eventPublisher() {
			return this.delegate.eventPublisher();
		}

		@Override
		public void close() {
			this.closes.incrementAndGet();
			this.delegate.close();
		}

	}

}
