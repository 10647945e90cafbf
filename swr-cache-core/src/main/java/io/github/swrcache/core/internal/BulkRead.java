package io.github.swrcache.core.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.github.swrcache.core.BulkLoader;
import io.github.swrcache.core.CacheTier;
import io.github.swrcache.core.EntryState;
import io.github.swrcache.core.internal.SingleFlight.Flight;

/**
 * One {@code getAll} call (DESIGN.md §6): the in-process tier first, then one flight per
 * missing key; the flights this call starts are loaded together with one call of the bulk
 * loader, the flights other callers started are awaited. Stale keys are refreshed
 * together in one background bulk load.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class BulkRead<K, V> {

	private final CacheParts<K, V> parts;

	private final LoadPipeline<K, V> pipeline;

	private final CallerWait<K, V> wait;

	private final BulkLoader<K, V> loader;

	private final LoadFunction<K, V> singleKeyLoader;

	private final Executor refreshExecutor;

	private final Executor loadExecutor;

	BulkRead(CacheParts<K, V> parts, LoadPipeline<K, V> pipeline, CallerWait<K, V> wait, BulkLoader<K, V> loader,
			Executor refreshExecutor, Executor loadExecutor) {
		this.parts = parts;
		this.pipeline = pipeline;
		this.wait = wait;
		this.loader = loader;
		this.singleKeyLoader = LoadFunction.ofOneKey(loader);
		this.refreshExecutor = refreshExecutor;
		this.loadExecutor = loadExecutor;
	}

	Map<K, V> read(Iterable<? extends K> keys) {
		long now = this.parts.clock().now();
		long startNanos = System.nanoTime();
		// All keys are checked before any flight starts: a flight started and then
		// abandoned by an exception would block every later caller of its key.
		Set<K> order = new LinkedHashSet<>();
		for (K key : keys) {
			if (key == null) {
				throw new NullPointerException("keys must not contain null");
			}
			order.add(key);
		}
		Map<K, V> values = new HashMap<>();
		Map<K, CacheEntry<V>> toRefresh = new LinkedHashMap<>();
		Map<K, CacheEntry<V>> fallbacks = new HashMap<>();
		Map<K, Flight<V>> owned = new LinkedHashMap<>();
		Map<K, Flight<V>> waiting = new LinkedHashMap<>();
		for (K key : order) {
			CacheEntry<V> entry = this.parts.local().get(key);
			if (entry != null && serveLocal(key, entry, now, values, toRefresh)) {
				continue;
			}
			if (entry != null && this.parts.isFallback(entry, now)) {
				fallbacks.put(key, entry);
			}
			Flight<V> mine = new Flight<>();
			Flight<V> flight = this.parts.flights().startOrJoin(key, mine);
			waiting.put(key, flight);
			if (flight == mine) {
				owned.put(key, mine);
			}
		}
		if (!owned.isEmpty()) {
			this.pipeline.runAll(owned, this.loader, fallbacks, false,
					this.wait.needsOffThread(!fallbacks.isEmpty()) ? this.loadExecutor : null);
		}
		if (!toRefresh.isEmpty()) {
			refreshAll(toRefresh);
		}
		waiting.forEach((key, flight) -> {
			CacheEntry<V> fallback = fallbacks.get(key);
			V value = this.wait.await(key, flight, fallback, this.singleKeyLoader, this::refreshOne,
					this.wait.deadline(fallback != null, startNanos));
			if (value != null) {
				values.put(key, value);
			}
		});
		Map<K, V> result = new LinkedHashMap<>();
		for (K key : order) {
			V value = values.get(key);
			if (value != null) {
				result.put(key, value);
			}
		}
		return result;
	}

	private boolean serveLocal(K key, CacheEntry<V> entry, long now, Map<K, V> values,
			Map<K, CacheEntry<V>> toRefresh) {
		CacheEntry.Window window = entry.window(now);
		if (!this.parts.marks().isValid(entry)) {
			if (!this.parts.policy().softInvalidation()) {
				this.parts.local().remove(key, entry);
				return false;
			}
			// Kept as a fail-safe value: only that, and only while the key is throttled.
			window = (entry.isThrottled(now) && now < entry.errorUntil) ? CacheEntry.Window.FALLBACK
					: CacheEntry.Window.EXPIRED;
		}
		CacheCounters counters = this.parts.counters();
		switch (window) {
			case FRESH -> {
				if (this.parts.earlyRefresh().isDue(entry, now)) {
					toRefresh.put(key, entry);
				}
			}
			case STALE -> {
				counters.staleServed.increment();
				if (!entry.isThrottled(now)) {
					toRefresh.put(key, entry);
				}
			}
			case FALLBACK -> {
				if (!entry.isThrottled(now)) {
					return false;
				}
				counters.failSafeServed.increment();
			}
			default -> {
				return false;
			}
		}
		counters.localHits.increment();
		counters.events.hit(key, CacheTier.LOCAL,
				(window == CacheEntry.Window.FRESH) ? EntryState.FRESH : EntryState.STALE);
		if (window == CacheEntry.Window.STALE) {
			counters.events.staleServed(key);
		}
		else if (window == CacheEntry.Window.FALLBACK) {
			counters.events.failSafe(key, null);
		}
		if (entry.value() != null) {
			values.put(key, entry.value());
		}
		return true;
	}

	private void refreshAll(Map<K, CacheEntry<V>> candidates) {
		Map<K, Flight<V>> mine = new LinkedHashMap<>();
		candidates.forEach((key, current) -> {
			Flight<V> flight = new Flight<>();
			if (this.parts.flights().startOrJoin(key, flight) == flight) {
				mine.put(key, flight);
			}
		});
		if (mine.isEmpty()) {
			return;
		}
		try {
			this.refreshExecutor.execute(() -> this.pipeline.runAll(mine, this.loader, candidates, true, null));
		}
		catch (RejectedExecutionException ex) {
			this.parts.counters().refreshesDropped.add(mine.size());
			mine.forEach((key, flight) -> {
				this.parts.counters().events.refreshDropped(key);
				this.parts.flights().finish(key, flight);
				flight.result.complete(candidates.get(key));
			});
		}
	}

	private void refreshOne(K key, LoadFunction<K, V> loader, CacheEntry<V> current, long now) {
		refreshAll(Map.of(key, current));
	}

}
