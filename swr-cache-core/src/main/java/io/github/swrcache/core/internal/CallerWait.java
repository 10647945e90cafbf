package io.github.swrcache.core.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.swrcache.core.CacheTier;
import io.github.swrcache.core.EntryState;
import io.github.swrcache.core.SwrLoadException;
import io.github.swrcache.core.internal.SingleFlight.Flight;
import org.jspecify.annotations.Nullable;

/**
 * How a caller waits for a flight: with the soft timeout when it has a fail-safe value,
 * else with the hard timeout; on failure or timeout it gets the fail-safe value when one
 * is left, else a {@link SwrLoadException}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class CallerWait<K, V> {

	private static final long NO_DEADLINE = Long.MIN_VALUE;

	private static final int MAX_KEY_TEXT = 100;

	private final CacheParts<K, V> parts;

	CallerWait(CacheParts<K, V> parts) {
		this.parts = parts;
	}

	/**
	 * Whether a blocking loader must run off the caller's thread, so that a timeout can
	 * end the caller's wait.
	 * @param hasFallback whether the caller has a fail-safe value
	 * @return whether a timeout applies
	 */
	boolean needsOffThread(boolean hasFallback) {
		return limit(hasFallback) != null;
	}

	/**
	 * The deadline of a caller that starts waiting at {@code startNanos}.
	 * @param hasFallback whether the caller has a fail-safe value
	 * @param startNanos {@link System#nanoTime()} at the start of the wait
	 * @return the deadline in {@link System#nanoTime()} terms
	 */
	long deadline(boolean hasFallback, long startNanos) {
		Duration limit = limit(hasFallback);
		return (limit != null) ? startNanos + limit.toNanos() : NO_DEADLINE;
	}

	@Nullable V await(K key, Flight<V> flight, @Nullable CacheEntry<V> fallback, LoadFunction<K, V> loader,
			Refresher<K, V> refresher) {
		return await(key, flight, fallback, loader, refresher, deadline(fallback != null, System.nanoTime()));
	}

	@Nullable V await(K key, Flight<V> flight, @Nullable CacheEntry<V> fallback, LoadFunction<K, V> loader,
			Refresher<K, V> refresher, long deadline) {
		CacheEntry<V> entry;
		try {
			entry = (deadline == NO_DEADLINE) ? flight.result.get()
					: flight.result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			return onFailure(key, fallback, timeout(fallback != null));
		}
		catch (ExecutionException ex) {
			return onFailure(key, fallback, LoadPipeline.unwrap(ex));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SwrLoadException(this.parts.name(), "Interrupted while waiting for a load of " + describe(key)
					+ " in cache '" + this.parts.name() + "'", ex);
		}
		return served(key, flight, entry, loader, refresher);
	}

	CompletableFuture<@Nullable V> awaitAsync(K key, Flight<V> flight, @Nullable CacheEntry<V> fallback,
			LoadFunction<K, V> loader, Refresher<K, V> refresher) {
		Duration limit = limit(fallback != null);
		CompletableFuture<CacheEntry<V>> view = flight.result.copy();
		if (limit != null) {
			view = view.orTimeout(limit.toNanos(), TimeUnit.NANOSECONDS);
		}
		CompletableFuture<@Nullable V> result = new CompletableFuture<>();
		view.whenComplete((entry, error) -> {
			try {
				Throwable cause = (error != null) ? LoadPipeline.unwrap(error) : null;
				if (cause instanceof TimeoutException && !flight.result.isDone()) {
					cause = timeout(fallback != null);
				}
				result.complete((cause != null) ? onFailure(key, fallback, cause)
						: served(key, flight, entry, loader, refresher));
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
		});
		return result;
	}

	private @Nullable V served(K key, Flight<V> flight, @Nullable CacheEntry<V> entry, LoadFunction<K, V> loader,
			Refresher<K, V> refresher) {
		CacheCounters counters = this.parts.counters();
		(flight.isFromRemote() ? counters.remoteHits : counters.misses).increment();
		long now = this.parts.clock().now();
		boolean stale = entry != null && entry.window(now) == CacheEntry.Window.STALE;
		if (flight.isFromRemote()) {
			counters.events.hit(key, CacheTier.REMOTE, stale ? EntryState.STALE : EntryState.FRESH);
		}
		else {
			counters.events.miss(key);
		}
		if (entry == null) {
			return null;
		}
		if (stale) {
			counters.staleServed.increment();
			counters.events.staleServed(key);
			refresher.refresh(key, loader, entry, now);
		}
		return entry.value();
	}

	private @Nullable V onFailure(K key, @Nullable CacheEntry<V> fallback, Throwable cause) {
		this.parts.counters().misses.increment();
		this.parts.counters().events.miss(key);
		long now = this.parts.clock().now();
		// The caller's own fallback was in its error window when the read began: a wait
		// cut by the load timeout must not cost it (its in-process copy may end meanwhile
		// at local.max-ttl). A caller without one still gets the fallback the failed load
		// found in the shared tier, which the load installed in-process (throttled).
		CacheEntry<V> usable = (fallback != null) ? fallback : this.parts.local().get(key);
		// With soft invalidation an invalidated value is a fallback as well.
		if (usable != null && (usable == fallback || now < usable.errorUntil)
				&& (this.parts.policy().softInvalidation() || this.parts.marks().isValid(usable))) {
			this.parts.counters().failSafeServed.increment();
			this.parts.counters().events.failSafe(key, cause);
			return usable.value();
		}
		String what = (cause instanceof TimeoutException) ? "timed out" : "failed";
		throw new SwrLoadException(this.parts.name(), "Load of " + describe(key) + " in cache '" + this.parts.name()
				+ "' " + what + " and no fail-safe value is available: " + cause, cause);
	}

	private TimeoutException timeout(boolean hasFallback) {
		return new TimeoutException("no result within " + limit(hasFallback)
				+ ((hasFallback) ? " (load-timeout)" : " (load-hard-timeout)"));
	}

	private @Nullable Duration limit(boolean hasFallback) {
		Duration soft = this.parts.policy().loadTimeout();
		Duration hard = this.parts.policy().loadHardTimeout();
		return (hasFallback && soft != null) ? soft : hard;
	}

	private static String describe(Object key) {
		String text = String.valueOf(key);
		return "key '" + ((text.length() > MAX_KEY_TEXT) ? text.substring(0, MAX_KEY_TEXT) + "…" : text) + "'";
	}

	/**
	 * Starts a background refresh of a stale entry that a caller was served.
	 *
	 * @param <K> the key type
	 * @param <V> the value type
	 */
	@FunctionalInterface
	interface Refresher<K, V> {

		void refresh(K key, LoadFunction<K, V> loader, CacheEntry<V> current, long now);

	}

}
