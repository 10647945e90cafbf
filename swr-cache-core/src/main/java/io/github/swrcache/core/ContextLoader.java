package io.github.swrcache.core;

import org.jspecify.annotations.Nullable;

/**
 * Loads the value of one key with access to a {@link LoadContext}: the stale value (for
 * conditional refresh), tags for the entry, and its {@code ttl}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@FunctionalInterface
public interface ContextLoader<K, V> {

	/**
	 * Loads the value for {@code key}.
	 * @param key the key, never {@code null}
	 * @param context the load's context, valid only during this call
	 * @return the value, or {@code null} when there is none
	 * @throws Exception when the source fails
	 */
	@Nullable V load(K key, LoadContext<V> context) throws Exception;

}
