/**
 * Spring's {@code CacheManager} abstraction over swr-cache caches.
 */
@NullMarked
package io.github.swrcache.spring.cache;

import org.jspecify.annotations.NullMarked;
