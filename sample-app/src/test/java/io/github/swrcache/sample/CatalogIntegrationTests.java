package io.github.swrcache.sample;

import java.net.http.HttpResponse;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application without Redis (its default), over real HTTP: what each cached
 * endpoint loads, read from the loader calls and from {@code /actuator/metrics}.
 */
class CatalogIntegrationTests {

	private static SampleNode node;

	@BeforeAll
	static void start() {
		node = SampleNode.start();
	}

	@AfterAll
	static void stop() {
		node.close();
	}

	@Test
	void secondReadOfAProductIsACacheHitInTheMetrics() throws Exception {
		double hits = node.metric("cache.gets", "cache:products", "result:hit");
		double misses = node.metric("cache.gets", "cache:products", "result:miss");
		long loads = node.loads("products");
		String first = node.getOk("/api/products/7");
		String second = node.getOk("/api/products/7");
		assertThat(second).isEqualTo(first).contains("\"id\":7", "\"category\":\"toys\"");
		assertThat(node.loads("products")).isEqualTo(loads + 1);
		assertThat(node.metric("cache.gets", "cache:products", "result:miss")).isEqualTo(misses + 1);
		assertThat(node.metric("cache.gets", "cache:products", "result:hit")).isEqualTo(hits + 1);
		assertThat(node.metric("swr.cache.hits", "cache:products", "tier:local")).isGreaterThanOrEqualTo(1);
	}

	@Test
	void unknownProductIsNotFoundAndNotCached() throws Exception {
		long loads = node.loads("products");
		assertThat(node.get("/api/products/9999").statusCode()).isEqualTo(404);
		assertThat(node.get("/api/products/9999").statusCode()).isEqualTo(404);
		assertThat(node.loads("products")).isEqualTo(loads + 2);
	}

	@Test
	void bulkReadLoadsOnlyTheMissingProductsInOneCall() throws Exception {
		node.getOk("/api/products/120");
		long bulkCalls = node.loads("products-bulk");
		long loads = node.loads("products");
		String body = node.getOk("/api/products?ids=120,121,122");
		assertThat(JsonPath.<List<Integer>>read(body, "$[*].id")).containsExactly(120, 121, 122);
		assertThat(node.loads("products-bulk")).isEqualTo(bulkCalls + 1);
		assertThat(node.loads("products")).isEqualTo(loads + 2);
		node.getOk("/api/products?ids=120,121,122");
		node.getOk("/api/products/121");
		assertThat(node.loads("products-bulk")).isEqualTo(bulkCalls + 1);
		assertThat(node.loads("products")).isEqualTo(loads + 2);
	}

	@Test
	void updateEvictsByTagTheListsThatShowTheProductAndOnlyThose() throws Exception {
		node.getOk("/api/categories/books/products");
		node.getOk("/api/categories/coffee/products");
		node.getOk("/api/products/16");
		long listLoads = node.loads("category-products");
		long productLoads = node.loads("products");
		node.getOk("/api/categories/books/products");
		assertThat(node.loads("category-products")).isEqualTo(listLoads);

		HttpResponse<String> updated = node.put("/api/products/16", "{\"name\":\"Signed Novel #16\"}");
		assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);

		// Product 16 is a book: the books list carries the tag product:16 and loads
		// again,
		// once; the coffee list does not carry it and stays cached.
		assertThat(node.getOk("/api/categories/books/products")).contains("Signed Novel #16");
		node.getOk("/api/categories/books/products");
		node.getOk("/api/categories/coffee/products");
		assertThat(node.loads("category-products")).isEqualTo(listLoads + 1);
		// @SwrCachePut stored the new product: read without a load.
		assertThat(node.getOk("/api/products/16")).contains("Signed Novel #16");
		assertThat(node.loads("products")).isEqualTo(productLoads);
	}

	@Test
	void updateRejectsABadValueAndAnUnknownProduct() throws Exception {
		HttpResponse<String> negative = node.put("/api/products/17", "{\"stock\":-1}");
		assertThat(negative.statusCode()).isEqualTo(400);
		assertThat(negative.body()).contains("stock must be zero or more, was -1");
		assertThat(node.put("/api/products/9999", "{\"stock\":1}").statusCode()).isEqualTo(404);
	}

	@Test
	void springCacheableWithSyncLoadsOnceThroughTheAdapter() throws Exception {
		node.getOk("/api/categories");
		double hits = node.metric("cache.gets", "cache:categories", "result:hit");
		long loads = node.loads("categories");
		String categories = node.getOk("/api/categories");
		assertThat(JsonPath.<List<String>>read(categories, "$.categories[*].name")).containsExactly("books", "coffee",
				"garden", "kitchen", "music", "outdoor", "tools", "toys");
		assertThat(JsonPath.<List<Integer>>read(categories, "$.categories[*].products")).containsOnly(25);
		assertThat(node.loads("categories")).isEqualTo(loads);
		assertThat(node.metric("cache.gets", "cache:categories", "result:hit")).isEqualTo(hits + 1);
	}

	@Test
	void stampedeOfTwoHundredCallersOnAColdKeyLoadsOnce() throws Exception {
		long pricingCalls = pricingCalls();
		HttpResponse<String> response = node.post("/api/demo/stampede?n=200&productId=3");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		String result = response.body();
		assertThat((Integer) JsonPath.read(result, "$.callers")).isEqualTo(200);
		assertThat((Integer) JsonPath.read(result, "$.loads")).isEqualTo(1);
		assertThat((Integer) JsonPath.read(result, "$.cacheLoads")).isEqualTo(1);
		assertThat((Integer) JsonPath.read(result, "$.served")).isEqualTo(200);
		assertThat(pricingCalls()).isEqualTo(pricingCalls + 1);
	}

	@Test
	void stampedeRejectsAnOutOfRangeCallerCount() throws Exception {
		HttpResponse<String> response = node.post("/api/demo/stampede?n=0");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("n must be between 1 and 1000, was 0");
	}

	private static long pricingCalls() throws Exception {
		return ((Number) JsonPath.read(node.getOk("/api/demo/pricing"), "$.calls")).longValue();
	}

}
