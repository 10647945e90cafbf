package io.github.swrcache.sample.catalog;

import java.util.List;

import org.springframework.data.repository.ListCrudRepository;

/**
 * The products in the embedded database (Spring Data JDBC).
 */
public interface ProductRepository extends ListCrudRepository<Product, Long> {

	List<Product> findByCategoryOrderById(String category);

}
