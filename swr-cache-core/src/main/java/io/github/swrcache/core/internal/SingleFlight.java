package io.github.swrcache.core.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * At most one load per key in this JVM: the first caller of a key starts a
 * {@link Flight}, later callers join it until it is finished.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class SingleFlight<K, V> {

	private final ConcurrentHashMap<K, Flight<V>> flights = new ConcurrentHashMap<>();

	private final KeyEars<K> ears;

	/**
	 * Creates the single flight of a cache.
	 * @param ears where each flight listens for other nodes' changes of its key
	 */
	SingleFlight(KeyEars<K> ears) {
		this.ears = ears;
	}

	/**
	 * Starts {@code mine} for {@code key} unless a flight is already under way. A flight
	 * started listens for other nodes' changes of the key
	 * ({@link Flight#isOutdated(long)}) from before its first read of the shared tier
	 * until it is finished.
	 * @param key the key
	 * @param mine the flight to start
	 * @return {@code mine} when this call started it, else the flight to join
	 */
	Flight<V> startOrJoin(K key, Flight<V> mine) {
		mine.ear.set(this.ears.open(key));
		Flight<V> existing = this.flights.putIfAbsent(key, mine);
		if (existing != null) {
			this.ears.close(mine.ear.getAndSet(KeyEars.DEAF));
			return existing;
		}
		return mine;
	}

	/**
	 * Removes a finished flight, so that the next miss starts a new one, and stops its
	 * listening (also when it was detached earlier); called once for every flight
	 * started, after its result was installed or not.
	 * @param key the key
	 * @param flight the flight
	 */
	void finish(K key, Flight<V> flight) {
		this.flights.remove(key, flight);
		this.ears.close(flight.ear.getAndSet(KeyEars.DEAF));
	}

	/**
	 * Another node changed the key: a caller arriving from now on must not be handed the
	 * result of a load that may have read the key before the change, so the flight under
	 * way, if any, is detached (it goes on, and its ear decides whether its result is
	 * installed); the next caller starts a new one.
	 * @param key the key
	 */
	void detach(K key) {
		this.flights.remove(key);
	}

	KeyEars<K> ears() {
		return this.ears;
	}

	/**
	 * Fences the flight of {@code key}, if any: its result is handed to its callers but
	 * not stored. It is also detached, so that a caller arriving after the invalidation
	 * starts a new load instead of being handed the old result.
	 * @param key the key
	 */
	void fence(K key) {
		Flight<V> flight = this.flights.get(key);
		if (flight != null) {
			fence(key, flight);
		}
	}

	void fenceAll() {
		this.flights.forEach(this::fence);
	}

	private void fence(K key, Flight<V> flight) {
		flight.fence();
		this.flights.remove(key, flight);
	}

	/**
	 * Fences the flights of the keys that {@code matches} accepts.
	 * @param matches which keys
	 */
	void fenceMatching(Predicate<? super K> matches) {
		this.flights.forEach((key, flight) -> {
			if (matches.test(key)) {
				flight.fence();
			}
		});
	}

	/**
	 * One load of one key.
	 *
	 * @param <V> the value type
	 */
	static final class Flight<V> {

		final CompletableFuture<CacheEntry<V>> result = new CompletableFuture<>();

		private volatile boolean fenced;

		private volatile boolean fromRemote;

		private final AtomicReference<KeyEars.Ear> ear = new AtomicReference<>(KeyEars.DEAF);

		private final AtomicReference<@Nullable Runnable> queued = new AtomicReference<>();

		void fence() {
			this.fenced = true;
		}

		boolean isFenced() {
			return this.fenced;
		}

		/**
		 * Whether a result that Redis read or wrote at {@code observedMicros} must not be
		 * installed: the flight was fenced, or another node changed the key since.
		 * @param observedMicros when Redis ran the read or write, or
		 * {@link KeyEars#UNKNOWN}
		 * @return whether to keep the result out of the in-process tier
		 */
		boolean isOutdated(long observedMicros) {
			return this.fenced || this.ear.get().heardSince(observedMicros);
		}

		/**
		 * Records the work of a refresh that waits in the refresh executor's queue, so
		 * that a caller who needs its result can run it instead of waiting behind the
		 * queue.
		 * @param work the refresh
		 */
		void queue(Runnable work) {
			this.queued.set(work);
		}

		void clearQueued() {
			this.queued.set(null);
		}

		/**
		 * Runs the queued work if nobody has started it yet; at most one caller (or the
		 * executor) runs it.
		 */
		void runQueued() {
			Runnable work = this.queued.getAndSet(null);
			if (work != null) {
				work.run();
			}
		}

		/**
		 * Records that the result came from the shared tier, not from a load, so that its
		 * callers count a hit.
		 */
		void markFromRemote() {
			this.fromRemote = true;
		}

		boolean isFromRemote() {
			return this.fromRemote;
		}

	}

}
