package io.github.swrcache.core;

/**
 * The state of a manager's shared tier, for health checks and the Actuator endpoint.
 *
 * @param mode {@code none} without a shared tier, else {@code standalone} or
 * {@code cluster}
 * @param connected whether the connections to Redis are established
 * @param circuitState the circuit breaker's state: {@code CLOSED} (Redis in use),
 * {@code OPEN} (bypassed), {@code HALF_OPEN} (probing); {@code NONE} without a shared
 * tier
 * @param busSubscribed whether the invalidation bus's subscription is up
 * @param busResubscriptions how often the bus re-subscribed after a lost connection (each
 * time the in-process tier was dropped)
 * @param clockOffsetMillis the Redis server clock minus this node's clock
 * @param pendingInvalidations invalidations waiting for Redis to come back
 * @param droppedInvalidations invalidations that did not fit the pending queue (replaced
 * by a whole-cache invalidation when Redis comes back)
 */
public record RemoteStatus(String mode, boolean connected, String circuitState, boolean busSubscribed,
		int busResubscriptions, long clockOffsetMillis, int pendingInvalidations, long droppedInvalidations) {

	/** The status without a shared tier. */
	public static final RemoteStatus NONE = new RemoteStatus("none", false, "NONE", false, 0, 0, 0, 0);

	/**
	 * Whether reads and writes currently go to Redis.
	 * @return connected with the circuit closed or probing
	 */
	public boolean isAvailable() {
		return this.connected && !"OPEN".equals(this.circuitState) && !"FORCED_OPEN".equals(this.circuitState);
	}

}
