/**
 * The engine behind the public API: windows, single flight, tiers, invalidation marks.
 * Internal: every type here may change without notice; use the API in
 * {@code io.github.swrcache.core} instead.
 */
@NullMarked
package io.github.swrcache.core.internal;

import org.jspecify.annotations.NullMarked;
