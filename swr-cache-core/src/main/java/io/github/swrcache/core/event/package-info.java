/**
 * Typed events of caches and managers, in the style of Resilience4j's event publishers:
 * one class per event, a {@link io.github.swrcache.core.event.CacheEventPublisher} per
 * cache ({@code SwrCache.eventPublisher()}) and a
 * {@link io.github.swrcache.core.event.ManagerEventPublisher} per manager. Events are
 * created only for types someone listens to; without listeners a read costs one field
 * check.
 */
@NullMarked
package io.github.swrcache.core.event;

import org.jspecify.annotations.NullMarked;
