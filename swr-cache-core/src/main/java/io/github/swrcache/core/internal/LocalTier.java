package io.github.swrcache.core.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import org.jspecify.annotations.Nullable;

/**
 * The in-process tier (L1): a Caffeine cache of decoded entries, each kept until the end
 * of its last window and, when other nodes share a remote tier, no longer than
 * {@code local.max-ttl}. Time comes from the {@link ClusterClock}, so a fake clock drives
 * Caffeine's expiry too.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class LocalTier<K, V> {

	private final Cache<K, CacheEntry<V>> cache;

	private final boolean enabled;

	/**
	 * What a read looks up: Caffeine's map view (for a bounded cache, the cache itself:
	 * one hop less than the {@code Cache} facade), or an empty map when the tier is off
	 * (no branch on the read).
	 */
	private final Map<K, CacheEntry<V>> entries;

	private final ClusterClock clock;

	private final long keepAtMostMillis;

	private final @Nullable Function<K, String> keyIds;

	private final Map<String, K> byKeyId = new ConcurrentHashMap<>();

	/**
	 * Creates the tier.
	 * @param maxEntries the bound on entries; 0 turns the tier off
	 * @param keepAtMost the longest an entry is kept after it was installed:
	 * {@code local.max-ttl} when other nodes share a remote tier, else the policy's whole
	 * lifetime
	 * @param clock the cluster clock
	 * @param counters where size evictions are counted
	 * @param keyIds the key ids of the shared tier, or {@code null} without one; with
	 * them the tier can drop a key named in another node's bus message
	 */
	LocalTier(long maxEntries, Duration keepAtMost, ClusterClock clock, CacheCounters counters,
			@Nullable Function<K, String> keyIds) {
		this.enabled = maxEntries > 0;
		this.keyIds = keyIds;
		this.clock = clock;
		this.keepAtMostMillis = keepAtMost.toMillis();
		// No Caffeine expiry: its bookkeeping on every read costs more than the rest of
		// an
		// L1 hit. The bound is in the entry itself (its windows are clamped when it is
		// installed, so the read path never serves it past the bound), and sweep() frees
		// the memory of entries past it.
		this.cache = Caffeine.newBuilder()
			.maximumSize(maxEntries)
			.evictionListener((K key, CacheEntry<V> entry, RemovalCause cause) -> {
				if (cause == RemovalCause.SIZE) {
					counters.evictions.increment();
				}
			})
			.removalListener((K key, CacheEntry<V> entry, RemovalCause cause) -> {
				if (key != null && cause != RemovalCause.REPLACED) {
					forget(key);
				}
			})
			.build();
		this.entries = this.enabled ? this.cache.asMap() : Map.of();
	}

	@Nullable CacheEntry<V> get(K key) {
		return this.entries.get(key);
	}

	/**
	 * The entries, for the fresh-hit path to read without going through this tier.
	 * @return a read-only use of the map: writes go through this tier
	 */
	Map<K, CacheEntry<V>> entries() {
		return this.entries;
	}

	/**
	 * Installs {@code entry}.
	 * @param key the key
	 * @param entry the entry
	 * @return the copy that was installed (with windows clamped to the local bound)
	 */
	CacheEntry<V> put(K key, CacheEntry<V> entry) {
		CacheEntry<V> installed = clamp(entry);
		if (this.enabled) {
			remember(key);
			this.cache.put(key, installed);
			remember(key);
		}
		return installed;
	}

	/**
	 * Installs {@code entry} unless a newer load already did.
	 * @param key the key
	 * @param entry the entry
	 * @return the copy offered for installation (with windows clamped to the local bound)
	 */
	CacheEntry<V> putIfNewer(K key, CacheEntry<V> entry) {
		CacheEntry<V> installed = clamp(entry);
		if (this.enabled) {
			remember(key);
			this.cache.asMap()
				.merge(key, installed,
						(current, candidate) -> (current.createdAt > candidate.createdAt) ? current : candidate);
			remember(key);
		}
		return installed;
	}

	/**
	 * Installs {@code entry} unless {@code outdated} says a change outran it, checked
	 * before the install and again after it (a change that lands in between takes back
	 * exactly what was put).
	 * @param key the key
	 * @param entry the entry
	 * @param onlyIfNewer whether a newer load already installed keeps its place
	 * ({@link #putIfNewer})
	 * @param outdated whether the entry must not (or no longer) be installed
	 */
	void putUnless(K key, CacheEntry<V> entry, boolean onlyIfNewer, BooleanSupplier outdated) {
		if (outdated.getAsBoolean()) {
			return;
		}
		CacheEntry<V> installed = onlyIfNewer ? putIfNewer(key, entry) : put(key, entry);
		if (outdated.getAsBoolean()) {
			remove(key, installed);
		}
	}

	/**
	 * Installs what this node wrote ({@code put}, an atomic write) unless a change that
	 * {@code outdated} heard outran the write; then the copy held here goes too, since it
	 * is older than that change.
	 * @param key the key
	 * @param entry the entry written
	 * @param outdated whether another change outran the write
	 */
	void installWritten(K key, CacheEntry<V> entry, BooleanSupplier outdated) {
		if (outdated.getAsBoolean()) {
			remove(key);
			return;
		}
		putUnless(key, entry, false, outdated);
	}

	/**
	 * Frees the entries past their last window (or the local bound).
	 * @param now the current cluster time
	 */
	void sweep(long now) {
		this.cache.asMap().values().removeIf((entry) -> entry.errorUntil <= now);
		if (this.keyIds != null) {
			this.byKeyId.forEach(this::forget);
		}
	}

	private CacheEntry<V> clamp(CacheEntry<V> entry) {
		return entry.clampedTo(this.clock.now() + this.keepAtMostMillis);
	}

	void remove(K key) {
		this.cache.invalidate(key);
	}

	void remove(K key, CacheEntry<V> entry) {
		this.cache.asMap().remove(key, entry);
	}

	/**
	 * Drops the copy of {@code key} unless the shared tier read or wrote it after
	 * {@code micros} (another node's change that Redis ran earlier, whose message arrived
	 * late).
	 * @param key the key
	 * @param micros when Redis ran the change
	 */
	void removeIfObservedBefore(K key, long micros) {
		this.cache.asMap().computeIfPresent(key, (k, entry) -> (entry.observedMicros > micros) ? entry : null);
	}

	/**
	 * The local key of a key id named in a bus message.
	 * @param keyId the key id
	 * @return the key, or {@code null} when this tier holds no entry of it
	 */
	@Nullable K keyOf(String keyId) {
		return this.byKeyId.get(keyId);
	}

	void clear() {
		this.cache.invalidateAll();
	}

	long size() {
		return this.cache.estimatedSize();
	}

	private void remember(K key) {
		if (this.keyIds != null) {
			this.byKeyId.put(this.keyIds.apply(key), key);
		}
	}

	/*
	 * The key-id index must never lose a key that is in the tier, or a bus message naming
	 * it finds nothing and the old value is served until its window ends. Removal
	 * listeners run asynchronously, so a listener of an earlier removal may run while the
	 * key is installed again: forget() checks and removes in one step (under the index's
	 * lock for that key id), and put() remembers the key before the install (so that a
	 * message during it finds the key) and again after it (restoring what a listener that
	 * ran in between removed). The sweep drops what a removal racing the second
	 * remember() left behind.
	 */
	private void forget(K key) {
		if (this.keyIds != null) {
			forget(this.keyIds.apply(key), key);
		}
	}

	private void forget(String keyId, K key) {
		this.byKeyId.computeIfPresent(keyId,
				(id, known) -> (known.equals(key) && !this.cache.asMap().containsKey(key)) ? null : known);
	}

	/**
	 * Keeps the entry of {@code key}, if any, only as a fail-safe value (soft
	 * invalidation).
	 * @param key the key
	 */
	void soften(K key) {
		this.cache.asMap().computeIfPresent(key, (ignored, entry) -> entry.softened());
	}

	/**
	 * Removes the entries whose keys {@code matches} accepts.
	 * @param matches which keys
	 * @return how many entries were examined and how many removed
	 */
	Removal removeMatching(Predicate<? super K> matches) {
		long examined = 0;
		long removed = 0;
		for (K key : this.cache.asMap().keySet()) {
			examined++;
			if (matches.test(key) && this.cache.asMap().remove(key) != null) {
				removed++;
			}
		}
		return new Removal(examined, removed);
	}

	/**
	 * What {@link #removeMatching(Predicate)} did.
	 *
	 * @param examined the entries examined
	 * @param removed the entries removed
	 */
	record Removal(long examined, long removed) {
	}

}
