package io.github.swrcache.core.internal;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.swrcache.core.SwrWriteConflictException;
import io.github.swrcache.core.internal.RemoteStore.LockOutcome;
import org.jspecify.annotations.Nullable;

/**
 * The one mechanism behind {@code update}, {@code putIfAbsent} and {@code replace}: under
 * the key's lock (this JVM's {@link WriteLocks}, then the same distributed lock loads
 * take, both within the lock wait), read the servable entry, decide, and write fenced by
 * the lock token, so that an invalidation or explicit write of the key that lands
 * meanwhile wins and the decision is reported as a conflict instead of being written.
 *
 * <p>
 * The servable entry is the shared tier's (a node's in-process copy may be behind); with
 * no shared tier, the in-process one. When the shared tier cannot be reached, the write
 * degrades like {@code put}: it is decided on the in-process entry, atomic within this
 * JVM only, and the other nodes are told to drop the key once Redis answers again.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class AtomicWrites<K, V> {

	private final CacheParts<K, V> parts;

	private final boolean shared;

	private final WriteLocks<K> locks = new WriteLocks<>();

	AtomicWrites(CacheParts<K, V> parts, boolean shared) {
		this.parts = parts;
		this.shared = shared;
	}

	/**
	 * Fences the write of {@code key} in progress, if any: an explicit write or
	 * invalidation of the key wins over it.
	 * @param key the key
	 */
	void fence(K key) {
		this.locks.fence(key);
	}

	void fenceAll() {
		this.locks.fenceAll();
	}

	/**
	 * Runs one atomic write.
	 * @param key the key
	 * @param decision what to write, given the servable entry
	 * @param <R> the caller's result
	 * @return the decision's result
	 * @throws SwrWriteConflictException when the lock could not be taken within the lock
	 * wait, or the key was invalidated or written while the lock was held
	 */
	<R> R write(K key, Decision<V, R> decision) {
		long waitNanos = this.parts.lockWait().toNanos();
		long deadline = System.nanoTime() + waitNanos;
		WriteLocks.Holding holding;
		try {
			holding = this.locks.acquire(key, waitNanos);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw conflict(key, "was interrupted while waiting for the key's lock", ex);
		}
		if (holding == null) {
			throw lockTimeout(key, "other writers of this node");
		}
		// Other nodes' changes heard from before the write is sent keep its result out
		// of this node's in-process tier (the next read takes the shared value).
		KeyEars.Ear ear = this.parts.flights().ears().open(key);
		try {
			return writeLocked(key, decision, new Holding(holding, ear), deadline);
		}
		finally {
			this.parts.flights().ears().close(ear);
			this.locks.release(key, holding);
		}
	}

	/**
	 * What may outdate an atomic write under way: an invalidation of this node (the
	 * holding is fenced) or a change heard from another node.
	 */
	private record Holding(WriteLocks.Holding local, KeyEars.Ear ear) {

		boolean isFenced() {
			return this.local.isFenced();
		}

		boolean isOutdated() {
			return this.local.isFenced() || this.ear.heardSince(KeyEars.UNKNOWN);
		}

	}

	private <R> R writeLocked(K key, Decision<V, R> decision, Holding holding, long deadline) {
		String token = UUID.randomUUID().toString();
		LockOutcome<V> lock = lockRemote(key, token, Math.max(0, deadline - System.nanoTime()));
		// Like put, the new entry is created when the current one is read, under the lock
		// (not when the lock wait began: a mark set during that wait was taken into
		// account by the read, and must not invalidate what is written).
		long start = this.parts.clock().preciseNow();
		if (lock == null) {
			return decideAndWrite(key, decision, holding, null, this.parts.local().get(key), start);
		}
		if (!lock.acquired()) {
			throw lockTimeout(key, "a load or write of another node");
		}
		return decideAndWrite(key, decision, holding, token, this.shared ? lock.entry() : this.parts.local().get(key),
				start);
	}

	/**
	 * Takes the distributed lock.
	 * @return the outcome, or {@code null} when the shared tier could not be reached
	 */
	private @Nullable LockOutcome<V> lockRemote(K key, String token, long waitNanos) {
		try {
			return this.parts.remote()
				.lockForWrite(key, token, Duration.ofNanos(waitNanos))
				.get(waitNanos + this.parts.lockWait().toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			this.parts.counters().remoteError(LoadPipeline.unwrap(ex));
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw conflict(key, "was interrupted while waiting for the key's lock", ex);
		}
	}

	/**
	 * Decides on the current entry and writes the decision.
	 * @param token the distributed lock's token, or {@code null} when the shared tier is
	 * not reachable
	 * @param found the entry under the key: the shared tier's, or the in-process one
	 * @param start when the current entry was read: the creation time of what is stored,
	 * so that a tag or clear mark set while the decision runs invalidates it
	 */
	private <R> R decideAndWrite(K key, Decision<V, R> decision, Holding holding, @Nullable String token,
			@Nullable CacheEntry<V> found, long start) {
		CacheEntry<V> current = servable(found);
		boolean validBefore = this.parts.marks()
			.isValid(probe(start, (current != null) ? current.tags : CacheEntry.NO_TAGS));
		Change<V, R> change;
		try {
			change = decision.decide(current);
		}
		catch (RuntimeException | Error ex) {
			unlock(key, token);
			throw ex;
		}
		if (!change.write()) {
			unlock(key, token);
			return change.result();
		}
		// A mark set before the write started is the previous entries' business, as for
		// put; one set while the decision ran means an invalidation that must win.
		boolean markedMeanwhile = validBefore && !this.parts.marks().isValid(probe(start, change.tags()));
		if (holding.isFenced() || markedMeanwhile) {
			unlock(key, token);
			throw conflict(key, "lost to an invalidation or write of the key while it held the key's lock; "
					+ "nothing was written", null);
		}
		V value = change.value();
		CacheEntry<V> entry = (value != null)
				? this.parts.windows().entry(value, start, this.parts.clock().preciseNow(), null, change.tags()) : null;
		this.parts.flights().fence(key);
		if (token != null && !writeRemote(key, entry, token)) {
			// Another node invalidated or wrote the key meanwhile: this node's copy is
			// older than that change, so it goes now rather than when the bus delivers.
			this.parts.local().remove(key);
			throw conflict(key, "lost its lock to an invalidation or write of the key; nothing was written", null);
		}
		if (token == null && this.shared) {
			// Redis is away: the other nodes must at least drop their copies once it is
			// back (the invalidation waits among the pending ones).
			this.parts.remote().invalidate(key).exceptionally((error) -> {
				this.parts.counters().remoteError(error);
				return null;
			});
		}
		installLocally(key, entry, holding);
		return change.result();
	}

	private @Nullable CacheEntry<V> servable(@Nullable CacheEntry<V> entry) {
		if (entry == null || this.parts.clock().now() >= entry.staleUntil || !this.parts.marks().isValid(entry)) {
			return null;
		}
		return entry;
	}

	private static <V> CacheEntry<V> probe(long createdAt, String[] tags) {
		return new CacheEntry<>(null, createdAt, 0, 0, 0, 0, tags);
	}

	private boolean writeRemote(K key, @Nullable CacheEntry<V> entry, String token) {
		try {
			return this.parts.remote().writeFenced(key, entry, token).get();
		}
		catch (ExecutionException ex) {
			// The outcome is unknown: the store keeps an invalidation of the key for the
			// other nodes, and this node goes on with what it decided.
			this.parts.counters().remoteError(LoadPipeline.unwrap(ex));
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return true;
		}
	}

	private void installLocally(K key, @Nullable CacheEntry<V> entry, Holding holding) {
		if (entry == null) {
			this.parts.local().remove(key);
			this.parts.counters().evictions.increment();
			return;
		}
		this.parts.counters().puts.increment();
		this.parts.local().installWritten(key, entry, holding::isOutdated);
	}

	private void unlock(K key, @Nullable String token) {
		if (token != null) {
			this.parts.remote().unlock(key, token).exceptionally((error) -> {
				this.parts.counters().remoteError(error);
				return null;
			});
		}
	}

	private SwrWriteConflictException lockTimeout(K key, String holder) {
		return conflict(key, "could not take the key's lock within the lock wait " + this.parts.lockWait()
				+ " (held by " + holder + "); nothing was written", null);
	}

	private SwrWriteConflictException conflict(K key, String what, @Nullable Throwable cause) {
		return new SwrWriteConflictException(this.parts.name(),
				"Atomic write of key '" + key + "' in cache '" + this.parts.name() + "' " + what, cause);
	}

	/**
	 * What an atomic write does, given the servable entry.
	 *
	 * @param <V> the value type
	 * @param <R> the caller's result
	 */
	@FunctionalInterface
	interface Decision<V, R> {

		Change<V, R> decide(@Nullable CacheEntry<V> current);

	}

	/**
	 * The decision of an atomic write.
	 *
	 * @param <V> the value type
	 * @param <R> the caller's result
	 * @param write whether anything is written
	 * @param value the value to store, or {@code null} to remove the entry
	 * @param tags the tags of the stored entry
	 * @param result what the caller returns
	 */
	record Change<V, R>(boolean write, @Nullable V value, String[] tags, R result) {

		static <V, R> Change<V, R> none(R result) {
			return new Change<>(false, null, CacheEntry.NO_TAGS, result);
		}

		static <V, R> Change<V, R> store(V value, String[] tags, R result) {
			return new Change<>(true, value, tags, result);
		}

		static <V, R> Change<V, R> remove(R result) {
			return new Change<>(true, null, CacheEntry.NO_TAGS, result);
		}

	}

}
