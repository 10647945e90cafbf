package io.github.swrcache.spring.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.swrcache.core.SwrCache;
import io.github.swrcache.core.SwrCacheManager;
import io.github.swrcache.core.event.CacheEvent;
import io.github.swrcache.core.event.ManagerEvent;
import io.github.swrcache.core.event.SwrCacheEvent.Type;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * How a Spring application reaches the event publishers (a
 * {@link SwrCacheManagerBuilderCustomizer} registers listeners for every cache, including
 * those {@code @SwrCacheable} creates later, or the {@link SwrCacheManager} bean's
 * publisher is used), and the property of the read retry.
 */
class SwrCacheEventsAndRetryTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SwrCacheAutoConfiguration.class))
		.withClassLoader(new FilteredClassLoader(LettuceConnectionFactory.class));

	@Test
	void customizerRegistersListenersOfEveryCacheAndOfTheManager() {
		this.runner.withUserConfiguration(EventListeners.class).run((context) -> {
			SwrCacheManager manager = context.getBean(SwrCacheManager.class);
			SwrCache<String, String> cache = manager.cache("created-later", String.class);
			cache.get("k", (key) -> "v");
			cache.get("k", (key) -> "v");
			EventListeners listeners = context.getBean(EventListeners.class);
			assertThat(listeners.cacheEvents).extracting(CacheEvent::cacheName, CacheEvent::type)
				.containsExactly(tuple("created-later", Type.LOAD_SUCCESS), tuple("created-later", Type.MISS),
						tuple("created-later", Type.HIT));
			// in-process only: no circuit, no bus, so no manager event
			assertThat(listeners.managerEvents).isEmpty();
			assertThat(manager.eventPublisher()).isNotNull();
		});
	}

	@Test
	void readRetryIsOnByDefaultAndTurnedOffByProperty() {
		assertThat(remoteOptions(Map.of()).retryReads()).isTrue();
		assertThat(remoteOptions(Map.of("swr.cache.redis.retry.enabled", "false")).retryReads()).isFalse();
	}

	private static io.github.swrcache.core.RemoteOptions remoteOptions(Map<String, String> properties) {
		SwrCacheProperties bound = new Binder(new MapConfigurationPropertySource(properties))
			.bind("swr.cache", Bindable.ofInstance(new SwrCacheProperties()))
			.orElseGet(SwrCacheProperties::new);
		return new SwrCacheManagerFactory(bound, new SwrCachePolicies(bound), Runnable::run, null, null, List.of())
			.remoteOptions();
	}

	@Configuration(proxyBeanMethods = false)
	static class EventListeners {

		final List<CacheEvent> cacheEvents = new CopyOnWriteArrayList<>();

		final List<ManagerEvent> managerEvents = new CopyOnWriteArrayList<>();

		@Bean
		SwrCacheManagerBuilderCustomizer swrCacheEventListeners() {
			return (builder) -> builder.cacheEventListener(this.cacheEvents::add)
				.managerEventListener(this.managerEvents::add);
		}

	}

}
