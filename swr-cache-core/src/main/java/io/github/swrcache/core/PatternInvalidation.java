package io.github.swrcache.core;

import java.time.Duration;

/**
 * What {@link SwrCache#invalidateMatching(String)} did.
 *
 * @param cache the cache's name
 * @param glob the glob, as given
 * @param servers the Redis servers scanned: every master of a Cluster, else one; 0
 * without Redis
 * @param batches the {@code SCAN} pages read, each followed by one {@code UNLINK} of its
 * matches; 0 without Redis
 * @param scanned the keys examined: the names {@code SCAN} returned for the glob (values
 * and the locks beside them) or, without Redis, the entries of the in-process tier
 * @param deleted the entries whose key ids matched and that were deleted
 * @param took how long the invalidation took
 */
public record PatternInvalidation(String cache, String glob, int servers, int batches, long scanned, long deleted,
		Duration took) {

}
