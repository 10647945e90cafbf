package io.github.swrcache.sample.catalog;

/**
 * One category and how many products it holds.
 *
 * @param name the category
 * @param products the number of its products
 */
public record CategorySummary(String name, long products) {

}
