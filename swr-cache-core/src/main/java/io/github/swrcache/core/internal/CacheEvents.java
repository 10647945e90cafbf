package io.github.swrcache.core.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

import io.github.swrcache.core.CacheTier;
import io.github.swrcache.core.EntryState;
import io.github.swrcache.core.event.CacheEventPublisher;
import io.github.swrcache.core.event.CacheEvent;
import io.github.swrcache.core.event.CacheHitEvent;
import io.github.swrcache.core.event.CacheMissEvent;
import io.github.swrcache.core.event.FailSafeEvent;
import io.github.swrcache.core.event.LoadFailureEvent;
import io.github.swrcache.core.event.LoadSuccessEvent;
import io.github.swrcache.core.event.LockContendedEvent;
import io.github.swrcache.core.event.RefreshDroppedEvent;
import io.github.swrcache.core.event.StaleServedEvent;
import io.github.swrcache.core.event.SwrCacheEvent.Type;
import io.github.swrcache.core.event.SwrCacheEventListener;
import org.jspecify.annotations.Nullable;

/**
 * The events of one cache, published where its {@link CacheCounters} count, so that a
 * listener sees one event per count. Each publishing method checks the bit of its type
 * first; the check is all a read pays when nobody listens.
 */
public final class CacheEvents extends EventDispatch implements CacheEventPublisher {

	private static final int HIT = bit(Type.HIT);

	private static final int STALE_SERVED = bit(Type.STALE_SERVED);

	private static final int MISS = bit(Type.MISS);

	private static final int LOAD_SUCCESS = bit(Type.LOAD_SUCCESS);

	private static final int LOAD_FAILURE = bit(Type.LOAD_FAILURE);

	private static final int REFRESH_DROPPED = bit(Type.REFRESH_DROPPED);

	private static final int FAIL_SAFE = bit(Type.FAIL_SAFE);

	private static final int LOCK_CONTENDED = bit(Type.LOCK_CONTENDED);

	private final String cacheName;

	CacheEvents(String cacheName, ClusterClock clock) {
		super("cache '" + cacheName + "'", clock);
		this.cacheName = cacheName;
	}

	void hit(Object key, CacheTier tier, EntryState state) {
		if ((this.listening & HIT) != 0) {
			publish(new CacheHitEvent(this.cacheName, key, tier, state, now()));
		}
	}

	void staleServed(Object key) {
		if ((this.listening & STALE_SERVED) != 0) {
			publish(new StaleServedEvent(this.cacheName, key, now()));
		}
	}

	void miss(Object key) {
		if ((this.listening & MISS) != 0) {
			publish(new CacheMissEvent(this.cacheName, key, now()));
		}
	}

	void loaded(Object key, long nanos, boolean refresh, @Nullable Throwable error) {
		loaded(key, List.of(key), nanos, refresh, error);
	}

	void loaded(@Nullable Object key, Collection<?> keys, long nanos, boolean refresh, @Nullable Throwable error) {
		if (error == null && (this.listening & LOAD_SUCCESS) != 0) {
			publish(new LoadSuccessEvent(this.cacheName, key, keys, Duration.ofNanos(nanos), refresh, now()));
		}
		else if (error != null && (this.listening & LOAD_FAILURE) != 0) {
			publish(new LoadFailureEvent(this.cacheName, key, keys, Duration.ofNanos(nanos), refresh,
					LoadPipeline.unwrap(error), now()));
		}
	}

	void refreshDropped(Object key) {
		if ((this.listening & REFRESH_DROPPED) != 0) {
			publish(new RefreshDroppedEvent(this.cacheName, key, now()));
		}
	}

	void failSafe(Object key, @Nullable Throwable cause) {
		if ((this.listening & FAIL_SAFE) != 0) {
			publish(new FailSafeEvent(this.cacheName, key, cause, now()));
		}
	}

	void lockContended(Object key) {
		if ((this.listening & LOCK_CONTENDED) != 0) {
			publish(new LockContendedEvent(this.cacheName, key, now()));
		}
	}

	@Override
	public CacheEventPublisher onHit(SwrCacheEventListener<CacheHitEvent> listener) {
		register(HIT, listener);
		return this;
	}

	@Override
	public CacheEventPublisher onStaleServed(SwrCacheEventListener<StaleServedEvent> listener) {
		register(STALE_SERVED, listener);
		return this;
	}

	@Override
	public CacheEventPublisher onMiss(SwrCacheEventListener<CacheMissEvent> listener) {
		register(MISS, listener);
		return this;
	}

	@Override
	public CacheEventPublisher onLoadSuccess(SwrCacheEventListener<LoadSuccessEvent> listener) {
		register(LOAD_SUCCESS, listener);
		return this;
	}

	@Override
	public CacheEventPublisher onLoadFailure(SwrCacheEventListener<LoadFailureEvent> listener) {
		register(LOAD_FAILURE, listener);
		return this;
	}

	@Override
	public CacheEventPublisher onRefreshDropped(SwrCacheEventListener<RefreshDroppedEvent> listener) {
		register(REFRESH_DROPPED, listener);
		return this;
	}

	@Override
	public CacheEventPublisher onFailSafe(SwrCacheEventListener<FailSafeEvent> listener) {
		register(FAIL_SAFE, listener);
		return this;
	}

	@Override
	public CacheEventPublisher onLockContended(SwrCacheEventListener<LockContendedEvent> listener) {
		register(LOCK_CONTENDED, listener);
		return this;
	}

	@Override
	public CacheEventPublisher onEvent(SwrCacheEventListener<CacheEvent> listener) {
		register(ALL, listener);
		return this;
	}

}
