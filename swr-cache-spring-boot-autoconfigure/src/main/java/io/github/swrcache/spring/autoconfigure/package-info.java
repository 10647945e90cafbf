/**
 * Auto-configuration and configuration properties of swr-cache.
 */
@NullMarked
package io.github.swrcache.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
