/**
 * The swr-cache API: {@link io.github.swrcache.core.SwrCacheManager} builds named
 * {@link io.github.swrcache.core.SwrCache caches} whose entries follow a
 * {@link io.github.swrcache.core.CachePolicy}: fresh for {@code ttl}, then served stale
 * while one refresh runs, then kept only as a fail-safe fallback.
 */
@NullMarked
package io.github.swrcache.core;

import org.jspecify.annotations.NullMarked;
