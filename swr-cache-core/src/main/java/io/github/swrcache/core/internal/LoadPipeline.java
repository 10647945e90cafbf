package io.github.swrcache.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.github.swrcache.core.BulkLoader;
import io.github.swrcache.core.OnLockTimeout;
import io.github.swrcache.core.internal.RemoteStore.LockOutcome;
import io.github.swrcache.core.internal.SingleFlight.Flight;
import org.jspecify.annotations.Nullable;

/**
 * What the owner of a {@link Flight} does (DESIGN.md §4, steps 3.1 to 3.4): read the
 * shared tier and take the key's lock in one step, call the loader when the lock is won,
 * write the result fenced by the lock token, install it in the in-process tier, and hand
 * it to everyone waiting on the flight. A refresh is the same, except that a lost lock
 * means someone else refreshes.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class LoadPipeline<K, V> {

	private final CacheParts<K, V> parts;

	private final AtomicLong maxLifetimeMillis;

	LoadPipeline(CacheParts<K, V> parts) {
		this.parts = parts;
		this.maxLifetimeMillis = new AtomicLong(parts.windows().lifetimeMillis(parts.policy().ttl()));
	}

	/**
	 * The oldest cluster time a live entry can have been created at.
	 * @param now the current cluster time
	 * @return the horizon below which invalidation marks no longer matter
	 */
	long markHorizon(long now) {
		return now - this.maxLifetimeMillis.get();
	}

	/**
	 * Runs the load of one key for the flight's owner and completes the flight.
	 * @param key the key
	 * @param flight the flight this caller started
	 * @param loader the loader
	 * @param previous the entry being replaced, if any (stale or fail-safe value)
	 * @param refresh whether no caller waits (a background refresh)
	 * @param offThread where a blocking loader runs, or {@code null} for this thread
	 */
	void run(K key, Flight<V> flight, LoadFunction<K, V> loader, @Nullable CacheEntry<V> previous, boolean refresh,
			@Nullable Executor offThread) {
		// The deadline and the completion are armed before the work starts: with a
		// blocking loader the work runs in this thread and may never return.
		CompletableFuture<CacheEntry<V>> outcome = new CompletableFuture<>();
		if (refresh) {
			withRefreshDeadline(outcome);
		}
		outcome.whenComplete((entry, error) -> complete(key, flight, entry, error));
		String token = UUID.randomUUID().toString();
		try {
			continueOn(offThread,
					this.parts.remote()
						.readOrLock(key, token, refresh, this.parts.marks()::isValid)
						.exceptionally(this::withoutRemote),
					(lock) -> afterLock(key, flight, loader, previous, refresh, offThread, token, lock))
				.whenComplete((entry, error) -> settle(outcome, entry, error));
		}
		catch (Throwable ex) {
			outcome.completeExceptionally(ex);
		}
	}

	/**
	 * Runs the load of many keys with one call of the bulk loader and completes their
	 * flights.
	 * @param owned the flights this caller started, by key
	 * @param loader the bulk loader
	 * @param previous the entries being replaced, by key
	 * @param refresh whether no caller waits
	 * @param offThread where the bulk loader runs, or {@code null} for this thread
	 */
	void runAll(Map<K, Flight<V>> owned, BulkLoader<K, V> loader, Map<K, CacheEntry<V>> previous, boolean refresh,
			@Nullable Executor offThread) {
		CompletableFuture<Void> done = new CompletableFuture<>();
		if (refresh) {
			withRefreshDeadline(done);
		}
		done.whenComplete((ignored, error) -> {
			if (error != null) {
				owned.forEach((key, flight) -> complete(key, flight, null, error));
			}
		});
		String token = UUID.randomUUID().toString();
		try {
			continueOn(offThread,
					this.parts.remote()
						.readOrLockAll(new ArrayList<>(owned.keySet()), token, refresh, this.parts.marks()::isValid)
						.exceptionally((error) -> {
							this.parts.counters().remoteError(error);
							return Map.of();
						}),
					(outcomes) -> afterLockAll(owned, loader, previous, refresh, offThread, token, outcomes))
				.whenComplete((ignored, error) -> settle(done, null, error));
		}
		catch (Throwable ex) {
			done.completeExceptionally(ex);
		}
	}

	/**
	 * The shared tier could not be asked: go on as if it held nothing and the lock were
	 * ours, so the caller is served by the loader and the in-process tier.
	 */
	private LockOutcome<V> withoutRemote(Throwable error) {
		this.parts.counters().remoteError(error);
		return LockOutcome.lockAcquired();
	}

	private static <T> void settle(CompletableFuture<T> target, @Nullable T value, @Nullable Throwable error) {
		if (error != null) {
			target.completeExceptionally(error);
		}
		else {
			target.complete(value);
		}
	}

	/**
	 * Nobody waits for a refresh, so nothing else would end one that hangs, and its key
	 * would never be refreshed again: it is abandoned (and fenced) at the hard timeout,
	 * or at the manager's refresh timeout.
	 */
	private void withRefreshDeadline(CompletableFuture<?> refresh) {
		Duration hard = this.parts.policy().loadHardTimeout();
		Duration deadline = (hard != null) ? hard : this.parts.refreshTimeout();
		refresh.orTimeout(deadline.toNanos(), TimeUnit.NANOSECONDS);
	}

	private CompletableFuture<CacheEntry<V>> afterLock(K key, Flight<V> flight, LoadFunction<K, V> loader,
			@Nullable CacheEntry<V> previous, boolean refresh, @Nullable Executor offThread, String token,
			LockOutcome<V> lock) {
		CacheEntry<V> found = lock.entry();
		if (found != null && isUsable(found, refresh)) {
			if (lock.acquired()) {
				this.parts.remote().unlock(key, token);
			}
			return CompletableFuture.completedFuture(adopt(key, flight, found));
		}
		CacheEntry<V> fallback = newerFallback(previous, found);
		if (lock.acquired()) {
			return loadAndStore(key, flight, loader, fallback, refresh, token);
		}
		if (refresh) {
			return CompletableFuture.completedFuture(previous);
		}
		CompletableFuture<LockOutcome<V>> waiting = this.parts.remote()
			.awaitValue(key, token, this.parts.lockWait(), this::isServable)
			.exceptionally(this::withoutRemote);
		return continueOn(offThread, waiting, (waited) -> {
			CacheEntry<V> landed = waited.entry();
			if (landed != null && isServable(landed)) {
				return CompletableFuture.completedFuture(adopt(key, flight, landed));
			}
			if (!waited.acquired()) {
				this.parts.counters().lockWaitTimedOut();
				if (this.parts.onLockTimeout() == OnLockTimeout.FAIL) {
					return CompletableFuture.failedFuture(new TimeoutException(
							"another node held the lock for longer than the lock wait " + this.parts.lockWait()));
				}
				// LOAD: the fenced write cannot land, so the value is served and kept
				// in-process only.
			}
			return loadAndStore(key, flight, loader, fallback, false, token);
		});
	}

	private CompletableFuture<Void> afterLockAll(Map<K, Flight<V>> owned, BulkLoader<K, V> loader,
			Map<K, CacheEntry<V>> previous, boolean refresh, @Nullable Executor offThread, String token,
			Map<K, LockOutcome<V>> outcomes) {
		Map<K, Flight<V>> won = new LinkedHashMap<>();
		Map<K, Flight<V>> lockedElsewhere = new LinkedHashMap<>();
		boolean soft = this.parts.policy().softInvalidation();
		// With soft invalidation a key this node never held may have its invalidated
		// value in the shared tier: the fail-safe value of the keys whose load fails.
		Map<K, CacheEntry<V>> fallbacks = soft ? new HashMap<>(previous) : previous;
		owned.forEach((key, flight) -> {
			LockOutcome<V> lock = outcomes.getOrDefault(key, LockOutcome.lockAcquired());
			CacheEntry<V> found = lock.entry();
			if (found != null && isUsable(found, refresh)) {
				if (lock.acquired()) {
					this.parts.remote().unlock(key, token);
				}
				complete(key, flight, adopt(key, flight, found), null);
			}
			else if (lock.acquired()) {
				won.put(key, flight);
				CacheEntry<V> newer = soft ? newerFallback(previous.get(key), found) : null;
				if (newer != null) {
					fallbacks.put(key, newer);
				}
			}
			else if (refresh) {
				complete(key, flight, previous.get(key), null);
			}
			else {
				lockedElsewhere.put(key, flight);
			}
		});
		CompletableFuture<Void> loaded = won.isEmpty() ? CompletableFuture.completedFuture(null)
				: loadAndStoreAll(won, loader, fallbacks, refresh, token);
		// Keys another node is loading are awaited only after our own bulk load, so that
		// their wait does not hold it up.
		lockedElsewhere.forEach(
				(key, flight) -> run(key, flight, LoadFunction.ofOneKey(loader), previous.get(key), false, offThread));
		return loaded;
	}

	private CompletableFuture<Void> loadAndStoreAll(Map<K, Flight<V>> won, BulkLoader<K, V> loader,
			Map<K, CacheEntry<V>> previous, boolean refresh, String token) {
		long start = this.parts.clock().preciseNow();
		long startNanos = System.nanoTime();
		Set<K> keys = Collections.unmodifiableSet(new LinkedHashSet<>(won.keySet()));
		return startBulk(loader, keys).handle((values, error) -> {
			long nanos = System.nanoTime() - startNanos;
			this.parts.counters().recordLoad(error == null, nanos);
			this.parts.counters().events.loaded(null, keys, nanos, refresh, error);
			if (refresh) {
				this.parts.counters().recordRefresh(error == null);
			}
			List<CompletableFuture<CacheEntry<V>>> stores = new ArrayList<>(won.size());
			won.forEach((key, flight) -> {
				CompletableFuture<CacheEntry<V>> stored = (error != null)
						? failed(key, flight, previous.get(key), token, error) : store(key, flight,
								(values != null) ? values.get(key) : null, start, null, CacheEntry.NO_TAGS, token);
				stores.add(stored.whenComplete((entry, storeError) -> complete(key, flight, entry, storeError)));
			});
			return CompletableFuture.allOf(stores.toArray(CompletableFuture[]::new));
		}).thenCompose((all) -> all.exceptionally((error) -> null));
	}

	private CompletableFuture<CacheEntry<V>> loadAndStore(K key, Flight<V> flight, LoadFunction<K, V> loader,
			@Nullable CacheEntry<V> fallback, boolean refresh, String token) {
		long start = this.parts.clock().preciseNow();
		long startNanos = System.nanoTime();
		DefaultLoadContext<V> context = new DefaultLoadContext<>(
				(fallback != null && !(this.parts.policy().softInvalidation() && this.parts.isInvalidated(fallback)))
						? fallback.value() : null,
				refresh);
		return loader.start(key, context).handle((value, error) -> {
			long nanos = System.nanoTime() - startNanos;
			this.parts.counters().recordLoad(error == null, nanos);
			this.parts.counters().events.loaded(key, nanos, refresh, error);
			if (refresh) {
				this.parts.counters().recordRefresh(error == null);
			}
			if (error != null) {
				return failed(key, flight, fallback, token, error);
			}
			if (!context.shouldStore()) {
				// The loader vetoed caching: callers get the value, the cache is
				// unchanged.
				this.parts.remote().unlock(key, token);
				return CompletableFuture.completedFuture(this.parts.windows()
					.entry(value, start, this.parts.clock().preciseNow(), context.ttlOverride(), context.tagArray()));
			}
			return store(key, flight, value, start, context.ttlOverride(), context.tagArray(), token);
		}).thenCompose((stored) -> stored);
	}

	private CompletableFuture<CacheEntry<V>> store(K key, Flight<V> flight, @Nullable V value, long start,
			@Nullable Duration ttl, String[] tags, String token) {
		CacheEntry<V> entry = this.parts.windows().entry(value, start, this.parts.clock().preciseNow(), ttl, tags);
		if (ttl != null) {
			this.maxLifetimeMillis.accumulateAndGet(this.parts.windows().lifetimeMillis(ttl), Math::max);
		}
		if (flight.isFenced()) {
			this.parts.remote().unlock(key, token);
			return CompletableFuture.completedFuture(entry);
		}
		if (value == null && !this.parts.policy().cacheNulls()) {
			// The source has no value any more: the old one must not be served again, by
			// this node or any other (the shared value, its lock and the other nodes'
			// copies
			// go too).
			this.parts.local().remove(key);
			return this.parts.remote().invalidate(key).handle((done, error) -> {
				if (error != null) {
					this.parts.counters().remoteError(error);
				}
				return entry;
			});
		}
		return this.parts.remote().writeAndUnlock(key, entry, token).handle((written, error) -> {
			if (error != null) {
				this.parts.counters().remoteError(error);
				install(key, flight, entry, RemoteStore.UNKNOWN_TIME);
			}
			else if (written != RemoteStore.LOST) {
				install(key, flight, entry, written);
			}
			return entry;
		});
	}

	private CompletableFuture<CacheEntry<V>> failed(K key, Flight<V> flight, @Nullable CacheEntry<V> fallback,
			String token, Throwable error) {
		this.parts.remote().unlock(key, token);
		long now = this.parts.clock().now();
		if (fallback != null && this.parts.isFallback(fallback, now) && !flight.isFenced()) {
			CacheEntry<V> throttled = fallback.throttledUntil(now + this.parts.policy().failSafeThrottle().toMillis());
			// The fallback is dated by the read that found it: the shared tier's (a lock
			// on the same bytes) or this node's copy's.
			installUnlessOutdated(key, flight, throttled, fallback.observedMicros);
		}
		return CompletableFuture.failedFuture(unwrap(error));
	}

	private void install(K key, Flight<V> flight, CacheEntry<V> entry, long writtenMicros) {
		if (!this.parts.marks().isValid(entry)) {
			return;
		}
		this.parts.counters().puts.increment();
		installUnlessOutdated(key, flight, entry, writtenMicros);
	}

	/**
	 * Installs an entry found in the shared tier, dated by the server time of the read
	 * that found it (or unknown, after an {@code MGET}).
	 */
	private CacheEntry<V> adopt(K key, Flight<V> flight, CacheEntry<V> found) {
		flight.markFromRemote();
		installUnlessOutdated(key, flight, found, found.observedMicros);
		return found;
	}

	/**
	 * Installs an entry unless the flight was fenced (by an invalidation on this node) or
	 * another node changed the key at or after the shared tier read or wrote the entry
	 * ({@code observedMicros}), also when the fence or the bus message lands between the
	 * check and the install: then exactly what was put is taken back.
	 */
	private void installUnlessOutdated(K key, Flight<V> flight, CacheEntry<V> entry, long observedMicros) {
		this.parts.local()
			.putUnless(key, entry.observedAt(observedMicros), true, () -> flight.isOutdated(observedMicros));
	}

	private void complete(K key, Flight<V> flight, @Nullable CacheEntry<V> entry, @Nullable Throwable error) {
		if (error instanceof TimeoutException) {
			// Abandoned at its deadline: whatever it loads later must not be stored.
			flight.fence();
		}
		this.parts.flights().finish(key, flight);
		if (error != null) {
			flight.result.completeExceptionally(unwrap(error));
		}
		else {
			flight.result.complete(entry);
		}
	}

	/**
	 * Whether an entry found in the shared tier spares this load: for a miss, one that is
	 * fresh or stale; for a refresh, only a fresh one (another node refreshed already),
	 * since the stale one is what the refresh replaces.
	 */
	private boolean isUsable(CacheEntry<V> entry, boolean refresh) {
		return refresh ? this.parts.clock().now() < entry.freshUntil && this.parts.marks().isValid(entry)
				: isServable(entry);
	}

	private boolean isServable(CacheEntry<V> entry) {
		long now = this.parts.clock().now();
		return now < entry.staleUntil && this.parts.marks().isValid(entry);
	}

	private @Nullable CacheEntry<V> newerFallback(@Nullable CacheEntry<V> local, @Nullable CacheEntry<V> remote) {
		if (remote == null || !(this.parts.policy().softInvalidation() || this.parts.marks().isValid(remote))) {
			return local;
		}
		return (local == null || remote.createdAt > local.createdAt) ? remote : local;
	}

	private CompletableFuture<Map<K, V>> startBulk(BulkLoader<K, V> loader, Set<K> keys) {
		try {
			return CompletableFuture.completedFuture(loader.loadAll(keys));
		}
		catch (Throwable ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * Goes on with {@code next} once {@code step} (shared-tier I/O) completes, never on
	 * the I/O thread that completed it, since {@code next} may call a blocking loader.
	 * Without an executor the current thread waits for the step (bounded by the command
	 * timeout or the lock wait) and goes on itself: a caller's own thread then runs its
	 * loader, as with Spring's {@code @Cacheable}.
	 */
	private static <T, R> CompletableFuture<R> continueOn(@Nullable Executor executor, CompletableFuture<T> step,
			Function<T, CompletableFuture<R>> next) {
		if (executor != null) {
			return step.thenComposeAsync(next, executor);
		}
		try {
			return next.apply(step.join());
		}
		catch (CompletionException ex) {
			return CompletableFuture.failedFuture(unwrap(ex));
		}
	}

	static Throwable unwrap(Throwable error) {
		Throwable current = error;
		while ((current instanceof CompletionException || current instanceof ExecutionException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

}
