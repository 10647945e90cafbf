package io.github.swrcache.spring.autoconfigure;

import java.lang.reflect.Type;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.swrcache.core.CachePolicy;
import io.github.swrcache.core.ConsistencyChecks;
import io.github.swrcache.core.RemoteStatus;
import io.github.swrcache.core.SwrCache;
import io.github.swrcache.core.SwrCacheManager;
import io.github.swrcache.core.event.ManagerEventPublisher;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * The auto-configured manager: closed once, when the context stops, after the web server
 * finished its requests and before Spring Data Redis stops its Lettuce client (phase
 * {@value #PHASE}, above the connection factory's 0), or when the context is destroyed
 * without having been stopped.
 */
final class LifecycleSwrCacheManager implements SwrCacheManager, SmartLifecycle {

	static final int PHASE = 1024;

	private final SwrCacheManager delegate;

	private final AtomicBoolean closed = new AtomicBoolean();

	private volatile boolean running;

	LifecycleSwrCacheManager(SwrCacheManager delegate) {
		this.delegate = delegate;
	}

	@Override
	public <K, V> SwrCache<K, V> cache(String name, Class<V> valueType) {
		return this.delegate.cache(name, valueType);
	}

	@Override
	public <K, V> SwrCache<K, V> cache(String name, Class<V> valueType, CachePolicy policy) {
		return this.delegate.cache(name, valueType, policy);
	}

	@Override
	public <K, V> SwrCache<K, V> cache(String name, Type valueType, CachePolicy policy) {
		return this.delegate.cache(name, valueType, policy);
	}

	@Override
	public @Nullable SwrCache<?, ?> getCache(String name) {
		return this.delegate.getCache(name);
	}

	@Override
	public Collection<String> cacheNames() {
		return this.delegate.cacheNames();
	}

	@Override
	public RemoteStatus remoteStatus() {
		return this.delegate.remoteStatus();
	}

	@Override
	public String nodeId() {
		return this.delegate.nodeId();
	}

	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			this.delegate.close();
		}
	}

	@Override
	public ManagerEventPublisher eventPublisher() {
		return this.delegate.eventPublisher();
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		close();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public String toString() {
		return "SwrCacheManager[nodeId=" + nodeId() + "]";
	}

	@Override
	public ConsistencyChecks consistencyChecks() {
		return this.delegate.consistencyChecks();
	}

}
