package io.github.swrcache.core.event;

import java.time.Instant;

/**
 * The invalidation bus lost its connection and subscribed again. Messages sent meanwhile
 * are lost, so every cache drops its in-process tier and reloads its marks (at once when
 * the circuit is closed, else when it closes).
 */
public final class BusReconnectedEvent extends ManagerEvent {

	/**
	 * Creates the event.
	 * @param nodeId the manager's node id
	 * @param creationTime when it happened
	 */
	public BusReconnectedEvent(String nodeId, Instant creationTime) {
		super(nodeId, creationTime);
	}

	@Override
	public Type type() {
		return Type.BUS_RECONNECTED;
	}

	@Override
	public String toString() {
		return "BusReconnectedEvent[node=" + nodeId() + ", at=" + creationTime() + "]";
	}

}
