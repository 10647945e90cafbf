package io.github.swrcache.core.internal;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

import io.github.swrcache.core.CachePolicy;
import io.github.swrcache.core.ConsistencyChecks;
import io.github.swrcache.core.ConsistencySampling;
import io.github.swrcache.core.ConsistencyStatistics;
import io.github.swrcache.core.RemoteStatus;
import io.github.swrcache.core.SwrCache;
import io.github.swrcache.core.SwrCacheManager;
import io.github.swrcache.core.event.ManagerEventPublisher;
import org.jspecify.annotations.Nullable;

/**
 * Creates and holds the caches of one manager; closes what it owns.
 */
public final class DefaultSwrCacheManager implements SwrCacheManager {

	private final String nodeId;

	private final ManagerContext context;

	private final Function<String, CachePolicy> policies;

	private final Consumer<SwrCache<?, ?>> onCreate;

	private final List<AutoCloseable> owned;

	private final Map<String, DefaultSwrCache<?, ?>> caches = new ConcurrentHashMap<>();

	private final @Nullable ConsistencySampling sampling;

	private final ManagerEvents events;

	/**
	 * Creates a manager.
	 * @param nodeId this node's id on the bus
	 * @param context what the caches share
	 * @param defaultPolicy the policy of caches created without one
	 * @param onCreate called with each new cache (metrics binding)
	 * @param owned closed with the manager (executors it created, the shared tier)
	 */
	public DefaultSwrCacheManager(String nodeId, ManagerContext context, CachePolicy defaultPolicy,
			Consumer<SwrCache<?, ?>> onCreate, List<AutoCloseable> owned) {
		this(nodeId, context, (name) -> defaultPolicy, onCreate, owned, null,
				new ManagerEvents(nodeId, context.clock()));
	}

	/**
	 * Creates a manager whose caches sample their consistency and whose shared tier
	 * publishes to {@code events}.
	 * @param nodeId this node's id on the bus
	 * @param context what the caches share
	 * @param policies the policy of each cache created without one, by name (the named
	 * policies, else the default)
	 * @param onCreate called with each new cache (metrics binding)
	 * @param owned closed with the manager (executors it created, the shared tier)
	 * @param sampling the consistency sampling of every cache, or {@code null} for none
	 * @param events the manager's events, which the shared tier publishes to
	 */
	public DefaultSwrCacheManager(String nodeId, ManagerContext context, Function<String, CachePolicy> policies,
			Consumer<SwrCache<?, ?>> onCreate, List<AutoCloseable> owned, @Nullable ConsistencySampling sampling,
			ManagerEvents events) {
		this.sampling = sampling;
		this.nodeId = nodeId;
		this.context = context;
		this.policies = policies;
		this.onCreate = onCreate;
		this.owned = List.copyOf(owned);
		this.events = events;
	}

	@Override
	public <K, V> SwrCache<K, V> cache(String name, Class<V> valueType) {
		return cache(name, valueType, this.policies.apply(name));
	}

	@Override
	public <K, V> SwrCache<K, V> cache(String name, Class<V> valueType, CachePolicy policy) {
		return cache(name, (Type) valueType, policy);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <K, V> SwrCache<K, V> cache(String name, Type valueType, CachePolicy policy) {
		requireCacheName(name);
		Objects.requireNonNull(valueType, "valueType must not be null");
		Objects.requireNonNull(policy, "policy must not be null");
		boolean[] created = { false };
		DefaultSwrCache<?, ?> cache = this.caches.computeIfAbsent(name, (key) -> {
			created[0] = true;
			return new DefaultSwrCache<>(name, valueType, policy, this.context, this.sampling);
		});
		if (created[0]) {
			this.onCreate.accept(cache);
		}
		else if (!cache.valueType().equals(valueType) || !cache.policy().equals(policy)) {
			throw new IllegalArgumentException(
					"cache '" + name + "' already exists with value type " + cache.valueType().getTypeName() + " and "
							+ cache.policy() + "; asked for " + valueType.getTypeName() + " and " + policy);
		}
		return (SwrCache<K, V>) cache;
	}

	/**
	 * Rejects a cache name that is null or blank.
	 * @param name the name
	 * @throws IllegalArgumentException naming the value
	 */
	public static void requireCacheName(@Nullable String name) {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException(
					"cache name must not be null or blank, was " + ((name != null) ? "'" + name + "'" : null));
		}
	}

	@Override
	public @Nullable SwrCache<?, ?> getCache(String name) {
		return this.caches.get(name);
	}

	@Override
	public Collection<String> cacheNames() {
		return Collections.unmodifiableSet(this.caches.keySet());
	}

	@Override
	public RemoteStatus remoteStatus() {
		return this.context.remote().status();
	}

	@Override
	public String nodeId() {
		return this.nodeId;
	}

	@Override
	public void close() {
		IllegalStateException failure = null;
		for (AutoCloseable closeable : this.owned) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				if (failure == null) {
					failure = new IllegalStateException("Failed to close swr-cache manager " + this.nodeId);
				}
				failure.addSuppressed(ex);
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	@Override
	public ManagerEventPublisher eventPublisher() {
		return this.events;
	}

	@Override
	public ConsistencyChecks consistencyChecks() {
		return (this.sampling != null) ? new Checks() : ConsistencyChecks.disabled();
	}

	/**
	 * The consistency checks of this manager's caches.
	 */
	private final class Checks implements ConsistencyChecks {

		@Override
		public boolean enabled() {
			return true;
		}

		@Override
		public @Nullable ConsistencyStatistics statistics(String cacheName) {
			DefaultSwrCache<?, ?> cache = DefaultSwrCacheManager.this.caches.get(cacheName);
			return (cache != null) ? cache.consistencyStatistics() : null;
		}

		@Override
		public Collection<ConsistencyStatistics> statistics() {
			List<ConsistencyStatistics> all = new ArrayList<>();
			for (DefaultSwrCache<?, ?> cache : DefaultSwrCacheManager.this.caches.values()) {
				ConsistencyStatistics statistics = cache.consistencyStatistics();
				if (statistics != null) {
					all.add(statistics);
				}
			}
			return all;
		}

		@Override
		public ConsistencyStatistics checkNow(String cacheName, int maxChecks) {
			if (maxChecks <= 0) {
				throw new IllegalArgumentException("maxChecks must be positive, was " + maxChecks);
			}
			DefaultSwrCache<?, ?> cache = DefaultSwrCacheManager.this.caches.get(cacheName);
			if (cache == null) {
				throw new IllegalArgumentException("cacheName must name an existing cache, was '" + cacheName
						+ "'; caches: " + DefaultSwrCacheManager.this.caches.keySet());
			}
			return cache.checkConsistency(maxChecks);
		}

	}

}
