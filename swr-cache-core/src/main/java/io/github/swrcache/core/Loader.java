package io.github.swrcache.core;

import org.jspecify.annotations.Nullable;

/**
 * Loads the value of one key from the source of truth.
 *
 * @param <K> the key type
 * @param <V> the value type
 * @see ContextLoader
 */
@FunctionalInterface
public interface Loader<K, V> {

	/**
	 * Loads the value for {@code key}.
	 * @param key the key, never {@code null}
	 * @return the value, or {@code null} when there is none (cached only when the policy
	 * caches nulls)
	 * @throws Exception when the source fails; callers with a fail-safe value get that
	 * value, others a {@link SwrLoadException}
	 */
	@Nullable V load(K key) throws Exception;

}
