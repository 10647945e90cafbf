/**
 * Cache warm-up: {@link io.github.swrcache.core.warmup.CacheWarmer CacheWarmers} name the
 * keys of a cache and the bulk loader that loads them, and a
 * {@link io.github.swrcache.core.warmup.WarmUpRunner} loads them through the cache's
 * normal read path, at start-up in the background and then on a schedule.
 */
@NullMarked
package io.github.swrcache.core.warmup;

import org.jspecify.annotations.NullMarked;
