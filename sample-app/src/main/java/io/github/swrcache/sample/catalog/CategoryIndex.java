package io.github.swrcache.sample.catalog;

import java.util.List;

/**
 * Every category. A class of its own rather than a {@code List}, so that
 * {@code swr.cache.caches.categories.value-type} can name it: Spring's {@code @Cacheable}
 * does not tell the cache what type it stores.
 *
 * @param categories the categories by name
 */
public record CategoryIndex(List<CategorySummary> categories) {

}
