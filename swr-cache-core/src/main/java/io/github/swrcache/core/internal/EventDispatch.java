package io.github.swrcache.core.internal;

import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.github.swrcache.core.event.SwrCacheEvent;
import io.github.swrcache.core.event.SwrCacheEventListener;

/**
 * The listeners of one cache or manager. The types someone listens to are one bit each in
 * a volatile {@code int}, written only when a listener is added: a publishing point reads
 * it once and creates its event only when its bit is set, so without listeners it neither
 * allocates nor writes anything. A listener that throws is counted and logged once per
 * exception class; the other listeners still run.
 */
abstract class EventDispatch {

	private static final System.Logger logger = System.getLogger(EventDispatch.class.getName());

	/** Every type's bit. */
	static final int ALL = -1;

	private final String owner;

	private final ClusterClock clock;

	private final LongAdder failures = new LongAdder();

	private final Set<Class<?>> loggedFailures = ConcurrentHashMap.newKeySet();

	/** The bits of the types that have a listener. */
	volatile int listening;

	private volatile Registration[] registrations = new Registration[0];

	EventDispatch(String owner, ClusterClock clock) {
		this.owner = owner;
		this.clock = clock;
	}

	static int bit(SwrCacheEvent.Type type) {
		return 1 << type.ordinal();
	}

	@SuppressWarnings("unchecked")
	final synchronized void register(int bits, SwrCacheEventListener<?> listener) {
		if (listener == null) {
			throw new NullPointerException("listener must not be null");
		}
		Registration[] grown = Arrays.copyOf(this.registrations, this.registrations.length + 1);
		grown[grown.length - 1] = new Registration(bits, (SwrCacheEventListener<SwrCacheEvent>) listener);
		this.registrations = grown;
		this.listening |= bits;
	}

	/**
	 * The time of a new event.
	 * @return cluster time
	 */
	final Instant now() {
		return Instant.ofEpochMilli(this.clock.now());
	}

	/**
	 * Hands an event to the listeners of its type.
	 * @param event the event
	 */
	final void publish(SwrCacheEvent event) {
		int bit = bit(event.type());
		for (Registration registration : this.registrations) {
			if ((registration.bits() & bit) != 0) {
				try {
					registration.listener().onEvent(event);
				}
				catch (RuntimeException ex) {
					this.failures.increment();
					if (this.loggedFailures.add(ex.getClass())) {
						logger.log(System.Logger.Level.WARNING, "An event listener of " + this.owner
								+ " threw; the event was skipped for it (logged once per exception class)", ex);
					}
				}
			}
		}
	}

	/**
	 * How many times a listener threw.
	 * @return the count
	 */
	final long listenerFailures() {
		return this.failures.sum();
	}

	private record Registration(int bits, SwrCacheEventListener<SwrCacheEvent> listener) {
	}

}
