package io.github.swrcache.core.warmup;

import java.lang.reflect.Type;
import java.util.Collection;

import io.github.swrcache.core.BulkLoader;
import io.github.swrcache.core.SwrCache;
import org.jspecify.annotations.Nullable;

/**
 * Names the keys of one cache to load before they are asked for, and the bulk loader that
 * loads them. A {@link WarmUpRunner} reads the keys in batches with
 * {@link SwrCache#getAll(Iterable, BulkLoader)}, so everything a read does applies: keys
 * already cached (in this process or in Redis) are not loaded again, the distributed
 * locks make several instances warming the same keys load each key once in total, and the
 * loader is called once per batch for the keys that are missing.
 * <p>
 * In a Spring Boot application every bean that implements this interface is warmed at
 * start-up. Implementations must be thread-safe: a scheduled pass may run while the
 * application uses the loader.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface CacheWarmer<K, V> {

	/**
	 * The cache to warm.
	 * @return the cache's name
	 */
	String cacheName();

	/**
	 * The keys to load. Called once per pass, so a scheduled pass may warm other keys
	 * (today's best sellers, say).
	 * @return the keys, without {@code null}
	 * @throws Exception when the keys cannot be listed; the pass then fails
	 */
	Collection<? extends K> keys() throws Exception;

	/**
	 * Loads the values of one batch of missing keys.
	 * @return the bulk loader
	 */
	BulkLoader<K, V> loader();

	/**
	 * This warmer's name in the runner's status, logs and the endpoint; unique per
	 * runner.
	 * @return the name, the cache's name unless overridden
	 */
	default String name() {
		return cacheName();
	}

	/**
	 * The declared value type, used only to create the cache when it does not exist yet
	 * and no other declaration (such as a {@code @SwrCacheable} method) says how to.
	 * @return the value type, or {@code null} when the cache is created elsewhere
	 */
	default @Nullable Type valueType() {
		return null;
	}

	/**
	 * Whether a pass runs when the runner starts (the application starts).
	 * @return {@code true} unless overridden
	 */
	default boolean warmOnStart() {
		return true;
	}

	/**
	 * When later passes run.
	 * @return the schedule, {@link WarmUpSchedule#none()} unless overridden
	 */
	default WarmUpSchedule schedule() {
		return WarmUpSchedule.none();
	}

}
