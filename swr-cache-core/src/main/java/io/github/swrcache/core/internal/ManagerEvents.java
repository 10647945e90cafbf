package io.github.swrcache.core.internal;

import io.github.swrcache.core.event.BusReconnectedEvent;
import io.github.swrcache.core.event.CircuitStateChangedEvent;
import io.github.swrcache.core.event.ManagerEvent;
import io.github.swrcache.core.event.ManagerEventPublisher;
import io.github.swrcache.core.event.SwrCacheEvent.Type;
import io.github.swrcache.core.event.SwrCacheEventListener;

/**
 * The events of one manager's shared tier: circuit transitions and bus reconnects.
 */
public final class ManagerEvents extends EventDispatch implements ManagerEventPublisher {

	private static final int CIRCUIT = bit(Type.CIRCUIT_STATE_CHANGED);

	private static final int BUS = bit(Type.BUS_RECONNECTED);

	private final String nodeId;

	/**
	 * Creates the events of a manager.
	 * @param nodeId the manager's node id
	 * @param clock the manager's clock
	 */
	public ManagerEvents(String nodeId, ClusterClock clock) {
		super("swr-cache manager " + nodeId, clock);
		this.nodeId = nodeId;
	}

	/**
	 * The circuit breaker changed state.
	 * @param from the state before
	 * @param to the state after
	 */
	public void circuitStateChanged(String from, String to) {
		if ((this.listening & CIRCUIT) != 0) {
			publish(new CircuitStateChangedEvent(this.nodeId, from, to, now()));
		}
	}

	/**
	 * The bus subscribed again after its connection dropped.
	 */
	public void busReconnected() {
		if ((this.listening & BUS) != 0) {
			publish(new BusReconnectedEvent(this.nodeId, now()));
		}
	}

	@Override
	public ManagerEventPublisher onCircuitStateChanged(SwrCacheEventListener<CircuitStateChangedEvent> listener) {
		register(CIRCUIT, listener);
		return this;
	}

	@Override
	public ManagerEventPublisher onBusReconnected(SwrCacheEventListener<BusReconnectedEvent> listener) {
		register(BUS, listener);
		return this;
	}

	@Override
	public ManagerEventPublisher onEvent(SwrCacheEventListener<ManagerEvent> listener) {
		register(ALL, listener);
		return this;
	}

}
