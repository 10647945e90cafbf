package io.github.swrcache.spring.it;

/**
 * A cached value of the integration tests.
 *
 * @param id the id
 * @param name the name
 */
public record Product(long id, String name) {
}
