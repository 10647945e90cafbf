package io.github.swrcache.core.event;

import java.time.Instant;
import java.util.Objects;

/**
 * An event of a manager's shared tier: its circuit breaker and its invalidation bus.
 */
public abstract class ManagerEvent extends SwrCacheEvent {

	private final String nodeId;

	ManagerEvent(String nodeId, Instant creationTime) {
		super(creationTime);
		this.nodeId = Objects.requireNonNull(nodeId, "nodeId must not be null");
	}

	/**
	 * The id of the manager's node.
	 * @return the node id
	 */
	public String nodeId() {
		return this.nodeId;
	}

}
