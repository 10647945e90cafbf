package io.github.swrcache.core.event;

import java.time.Instant;
import java.util.Objects;

/**
 * The circuit breaker in front of Redis changed state. States are named as in
 * {@link io.github.swrcache.core.RemoteStatus#circuitState()}: {@code CLOSED} (Redis in
 * use), {@code OPEN} (Redis bypassed), {@code HALF_OPEN} (probing).
 */
public final class CircuitStateChangedEvent extends ManagerEvent {

	private final String fromState;

	private final String toState;

	/**
	 * Creates the event.
	 * @param nodeId the manager's node id
	 * @param fromState the state before
	 * @param toState the state after
	 * @param creationTime when it happened
	 */
	public CircuitStateChangedEvent(String nodeId, String fromState, String toState, Instant creationTime) {
		super(nodeId, creationTime);
		this.fromState = Objects.requireNonNull(fromState, "fromState must not be null");
		this.toState = Objects.requireNonNull(toState, "toState must not be null");
	}

	@Override
	public Type type() {
		return Type.CIRCUIT_STATE_CHANGED;
	}

	/**
	 * The state before the change.
	 * @return {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}
	 */
	public String fromState() {
		return this.fromState;
	}

	/**
	 * The state after the change.
	 * @return {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}
	 */
	public String toState() {
		return this.toState;
	}

	@Override
	public String toString() {
		return "CircuitStateChangedEvent[node=" + nodeId() + ", " + this.fromState + " -> " + this.toState + ", at="
				+ creationTime() + "]";
	}

}
