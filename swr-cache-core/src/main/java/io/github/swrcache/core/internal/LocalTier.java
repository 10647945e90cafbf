package io.github.swrcache.core.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

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

	private final @Nullable Function<K, String> keyIds;

	private final Map<String, K> byKeyId = new ConcurrentHashMap<>();

	/**
	 * Creates the tier.
	 * @param maxEntries the bound on entries; 0 turns the tier off
	 * @param keepAtMost the longest an entry is kept after it was written:
	 * {@code local.max-ttl} when other nodes share a remote tier, else the policy's whole
	 * lifetime. Entries past their own windows are never served (the read path checks
	 * them); this bound only frees their memory.
	 * @param clock the cluster clock
	 * @param counters where size evictions are counted
	 * @param keyIds the key ids of the shared tier, or {@code null} without one; with
	 * them the tier can drop a key named in another node's bus message
	 */
	LocalTier(long maxEntries, Duration keepAtMost, ClusterClock clock, CacheCounters counters,
			@Nullable Function<K, String> keyIds) {
		this.enabled = maxEntries > 0;
		this.keyIds = keyIds;
		// A fixed expiry after write, not Caffeine's per-entry expiry: the latter's timer
		// wheel work on every read costs more than the rest of an L1 hit.
		this.cache = Caffeine.newBuilder()
			.maximumSize(maxEntries)
			.ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.now()))
			.expireAfterWrite(keepAtMost)
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
	}

	@Nullable CacheEntry<V> get(K key) {
		return this.enabled ? this.cache.getIfPresent(key) : null;
	}

	void put(K key, CacheEntry<V> entry) {
		if (!this.enabled) {
			return;
		}
		remember(key);
		this.cache.put(key, entry);
	}

	/**
	 * Installs {@code entry} unless a newer load already did.
	 * @param key the key
	 * @param entry the entry
	 */
	void putIfNewer(K key, CacheEntry<V> entry) {
		if (!this.enabled) {
			return;
		}
		remember(key);
		this.cache.asMap()
			.merge(key, entry, (current, candidate) -> (current.createdAt > candidate.createdAt) ? current : candidate);
	}

	void remove(K key) {
		this.cache.invalidate(key);
	}

	void remove(K key, CacheEntry<V> entry) {
		this.cache.asMap().remove(key, entry);
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

	private void forget(K key) {
		if (this.keyIds != null && !this.cache.asMap().containsKey(key)) {
			this.byKeyId.remove(this.keyIds.apply(key), key);
		}
	}

}
