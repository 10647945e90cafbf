/**
 * Spring Boot support for swr-cache: annotations, auto-configuration, the Spring
 * {@code CacheManager} adapter and Actuator support live in sub-packages.
 */
@NullMarked
package io.github.swrcache.spring;

import org.jspecify.annotations.NullMarked;
