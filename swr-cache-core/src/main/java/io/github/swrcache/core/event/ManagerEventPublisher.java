package io.github.swrcache.core.event;

/**
 * Registers listeners of a manager's shared-tier events. Thread-safe; listeners stay
 * registered for the manager's life. Without a shared tier no event is ever published.
 */
public interface ManagerEventPublisher {

	/**
	 * Listens to state changes of the circuit breaker in front of Redis.
	 * @param listener the listener
	 * @return this publisher
	 */
	ManagerEventPublisher onCircuitStateChanged(SwrCacheEventListener<CircuitStateChangedEvent> listener);

	/**
	 * Listens to re-subscriptions of the invalidation bus after its connection dropped.
	 * @param listener the listener
	 * @return this publisher
	 */
	ManagerEventPublisher onBusReconnected(SwrCacheEventListener<BusReconnectedEvent> listener);

	/**
	 * Listens to every event of the manager.
	 * @param listener the listener
	 * @return this publisher
	 */
	ManagerEventPublisher onEvent(SwrCacheEventListener<ManagerEvent> listener);

}
