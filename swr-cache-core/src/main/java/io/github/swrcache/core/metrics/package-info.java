/**
 * Meter names and the Micrometer binding of swr-cache. Micrometer is optional: nothing
 * here is loaded unless a {@code MeterRegistry} is given to the manager builder.
 */
@NullMarked
package io.github.swrcache.core.metrics;

import org.jspecify.annotations.NullMarked;
