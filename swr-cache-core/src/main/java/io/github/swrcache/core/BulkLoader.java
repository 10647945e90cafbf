package io.github.swrcache.core;

import java.util.Map;
import java.util.Set;

/**
 * Loads the values of many keys in one call.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@FunctionalInterface
public interface BulkLoader<K, V> {

	/**
	 * Loads the values for {@code keys}.
	 * @param keys the keys to load, never empty
	 * @return the values found; a key left out has no value (cached only when the policy
	 * caches nulls); keys that were not asked for are ignored
	 * @throws Exception when the source fails, for all keys of the call
	 */
	Map<K, V> loadAll(Set<K> keys) throws Exception;

}
