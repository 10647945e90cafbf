/**
 * The interceptor that applies the swr-cache annotations, and its SpEL evaluation.
 */
@NullMarked
package io.github.swrcache.spring.aop;

import org.jspecify.annotations.NullMarked;
