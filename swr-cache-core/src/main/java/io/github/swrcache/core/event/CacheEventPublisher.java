package io.github.swrcache.core.event;

/**
 * Registers listeners of one cache's events. Thread-safe; listeners stay registered for
 * the cache's life. An event object is created only when a listener of its type (or of
 * every event, {@link #onEvent}) is registered, so a cache nobody listens to pays one
 * field check per read.
 */
public interface CacheEventPublisher {

	/**
	 * Listens to reads served without waiting for a load, fresh or stale, from either
	 * tier.
	 * @param listener the listener
	 * @return this publisher
	 */
	CacheEventPublisher onHit(SwrCacheEventListener<CacheHitEvent> listener);

	/**
	 * Listens to reads served a stale value (each also a hit).
	 * @param listener the listener
	 * @return this publisher
	 */
	CacheEventPublisher onStaleServed(SwrCacheEventListener<StaleServedEvent> listener);

	/**
	 * Listens to reads that waited for a load.
	 * @param listener the listener
	 * @return this publisher
	 */
	CacheEventPublisher onMiss(SwrCacheEventListener<CacheMissEvent> listener);

	/**
	 * Listens to loader calls that returned, refreshes included.
	 * @param listener the listener
	 * @return this publisher
	 */
	CacheEventPublisher onLoadSuccess(SwrCacheEventListener<LoadSuccessEvent> listener);

	/**
	 * Listens to loader calls that threw or timed out, refreshes included.
	 * @param listener the listener
	 * @return this publisher
	 */
	CacheEventPublisher onLoadFailure(SwrCacheEventListener<LoadFailureEvent> listener);

	/**
	 * Listens to refreshes dropped because the refresh executor was full.
	 * @param listener the listener
	 * @return this publisher
	 */
	CacheEventPublisher onRefreshDropped(SwrCacheEventListener<RefreshDroppedEvent> listener);

	/**
	 * Listens to reads served a fail-safe value after a load failed or timed out.
	 * @param listener the listener
	 * @return this publisher
	 */
	CacheEventPublisher onFailSafe(SwrCacheEventListener<FailSafeEvent> listener);

	/**
	 * Listens to loads that found the key's distributed lock held by another node.
	 * @param listener the listener
	 * @return this publisher
	 */
	CacheEventPublisher onLockContended(SwrCacheEventListener<LockContendedEvent> listener);

	/**
	 * Listens to every event of the cache.
	 * @param listener the listener
	 * @return this publisher
	 */
	CacheEventPublisher onEvent(SwrCacheEventListener<CacheEvent> listener);

}
