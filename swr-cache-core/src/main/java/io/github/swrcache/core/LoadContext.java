package io.github.swrcache.core;

import java.time.Duration;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link ContextLoader} may read and decide during one load. Not thread-safe: use
 * it only from the loader's own call.
 *
 * @param <V> the value type
 */
public interface LoadContext<V> {

	/**
	 * The value being replaced: the stale or fail-safe value, for a conditional refresh.
	 * @return the previous value, or {@code null} when there is none
	 */
	@Nullable V staleValue();

	/**
	 * Whether this load is a background refresh that no caller waits for.
	 * @return {@code true} for a refresh
	 */
	boolean isRefresh();

	/**
	 * Adds tags to the entry being loaded, for {@link SwrCache#invalidateTag(String)}.
	 * @param tags the tags to add
	 * @throws IllegalArgumentException when a tag is blank
	 */
	void addTags(String... tags);

	/**
	 * The tags added so far.
	 * @return an unmodifiable view of the tags
	 */
	Set<String> tags();

	/**
	 * Returns the loaded value to the callers without caching it (like the {@code unless}
	 * condition of Spring's cache annotations). The entry being replaced, if any, stays
	 * as it is.
	 */
	void doNotStore();

	/**
	 * Overrides the {@code ttl} of the entry being loaded (adaptive caching). The other
	 * windows keep the policy's lengths and follow the new {@code ttl}.
	 * @param ttl the fresh window for this entry
	 * @throws IllegalArgumentException when {@code ttl} is not positive
	 */
	void ttl(Duration ttl);

}
