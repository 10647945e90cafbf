/**
 * Actuator support: the {@code swrcache} endpoint and the {@code swrCache} health
 * indicator.
 */
@NullMarked
package io.github.swrcache.spring.actuate;

import org.jspecify.annotations.NullMarked;
