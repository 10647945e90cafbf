package io.github.swrcache.core.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * One fair lock per key for the atomic writes of this JVM, held around the distributed
 * lock: threads of one node queue here in order instead of polling Redis against each
 * other, and without a shared tier this is the only lock. A lock exists only while
 * someone holds or awaits it. Each holding can be fenced by an invalidation or explicit
 * write of the key, which the write then yields to.
 *
 * @param <K> the key type
 */
final class WriteLocks<K> {

	private final ConcurrentHashMap<K, Holding> locks = new ConcurrentHashMap<>();

	/**
	 * Takes the lock of {@code key}.
	 * @param key the key
	 * @param timeoutNanos the longest wait
	 * @return the holding, or {@code null} when the wait timed out
	 * @throws InterruptedException when interrupted while waiting
	 */
	@Nullable Holding acquire(K key, long timeoutNanos) throws InterruptedException {
		Holding holding = this.locks.compute(key, (k, current) -> {
			Holding lock = (current != null) ? current : new Holding();
			lock.users++;
			return lock;
		});
		boolean locked = false;
		try {
			locked = holding.lock.tryLock(timeoutNanos, TimeUnit.NANOSECONDS);
		}
		finally {
			if (!locked) {
				forget(key);
			}
		}
		if (!locked) {
			return null;
		}
		holding.fenced = false;
		return holding;
	}

	void release(K key, Holding holding) {
		holding.lock.unlock();
		forget(key);
	}

	/**
	 * Fences the write holding the lock of {@code key}, if any.
	 * @param key the key
	 */
	void fence(K key) {
		Holding holding = this.locks.get(key);
		if (holding != null) {
			holding.fenced = true;
		}
	}

	void fenceAll() {
		this.locks.values().forEach((holding) -> holding.fenced = true);
	}

	private void forget(K key) {
		this.locks.computeIfPresent(key, (k, current) -> (--current.users == 0) ? null : current);
	}

	/**
	 * The lock of one key, with its holders and waiters counted so that it can be dropped
	 * when the last leaves.
	 */
	static final class Holding {

		private final ReentrantLock lock = new ReentrantLock(true);

		/** Changed only inside the map's atomic compute of the key. */
		private int users;

		private volatile boolean fenced;

		boolean isFenced() {
			return this.fenced;
		}

	}

}
