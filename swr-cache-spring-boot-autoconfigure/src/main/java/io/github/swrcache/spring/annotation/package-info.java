/**
 * The {@link io.github.swrcache.spring.annotation.SwrCacheable},
 * {@link io.github.swrcache.spring.annotation.SwrCacheEvict} and
 * {@link io.github.swrcache.spring.annotation.SwrCachePut} annotations. They apply to
 * Spring beans through a proxy, like Spring's cache annotations; no
 * {@code @EnableCaching} is needed.
 */
@NullMarked
package io.github.swrcache.spring.annotation;

import org.jspecify.annotations.NullMarked;
