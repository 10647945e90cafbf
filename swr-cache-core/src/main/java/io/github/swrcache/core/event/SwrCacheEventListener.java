package io.github.swrcache.core.event;

/**
 * Receives events of one type. A listener runs on the thread that caused the event (a
 * caller, a refresh thread, a Redis I/O thread), so it must be quick and must not block.
 * An exception it throws is counted and logged once, and never reaches the cache's
 * caller.
 *
 * @param <E> the event type
 */
@FunctionalInterface
public interface SwrCacheEventListener<E extends SwrCacheEvent> {

	/**
	 * Handles an event.
	 * @param event the event
	 */
	void onEvent(E event);

}
