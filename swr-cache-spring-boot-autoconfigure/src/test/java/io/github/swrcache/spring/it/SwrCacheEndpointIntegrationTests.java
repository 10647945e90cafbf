package io.github.swrcache.spring.it;

import java.net.http.HttpResponse;

import io.github.swrcache.core.testsupport.RedisEndpoint;
import io.github.swrcache.core.testsupport.RedisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/swrcache} over real HTTP, with the caches shared through Redis.
 */
@ExtendWith(RedisExtension.class)
class SwrCacheEndpointIntegrationTests {

	private static WebNode node;

	@BeforeAll
	static void start(RedisEndpoint redis) {
		node = new WebNode(redis, "swr.cache.caches.optionals.soft-invalidation=true",
				"swr.cache.caches.optionals.early-refresh=true");
	}

	@AfterAll
	static void stop() {
		node.close();
	}

	@Test
	void getAllCachesShowsNodeRedisPolicyAndStatisticsWithoutValues() throws Exception {
		node.bean(Catalog.class).find(7000);
		HttpResponse<String> response = node.get("/actuator/swrcache");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"nodeId\"", "\"mode\":\"standalone\"", "\"products\"", "\"ttl\"",
				"\"hitRatio\"", "\"localSize\"", "\"loadTimeP99\"", "\"locksAcquired\"", "\"circuitState\":\"CLOSED\"",
				"\"busSubscribed\":true");
		assertThat(response.body()).doesNotContain("product-7000");
	}

	@Test
	void getOneCache() throws Exception {
		node.bean(Catalog.class).find(7100);
		HttpResponse<String> response = node.get("/actuator/swrcache/products");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"name\":\"products\"", "\"staleWhileRevalidate\"", "\"misses\"");
	}

	@Test
	void policyShowsEveryPolicySetting() throws Exception {
		node.bean(Catalog.class).find(7150);
		node.bean(Catalog.class).maybe(7150);
		assertThat(node.get("/actuator/swrcache/products").body()).contains("\"earlyRefresh\":false",
				"\"earlyRefreshBeta\":1.0", "\"softInvalidation\":false", "\"cacheNulls\":false");
		assertThat(node.get("/actuator/swrcache/optionals").body()).contains("\"earlyRefresh\":true",
				"\"earlyRefreshBeta\":1.0", "\"softInvalidation\":true");
	}

	@Test
	void unknownCacheIs404() throws Exception {
		assertThat(node.get("/actuator/swrcache/nope").statusCode()).isEqualTo(404);
	}

	@Test
	void keyMetadataHasStateTierTimesAndTagsButNoValue() throws Exception {
		node.bean(Catalog.class).find(7200);
		HttpResponse<String> response = node.get("/actuator/swrcache/products/7200");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"state\":\"FRESH\"", "\"tier\":\"LOCAL\"", "\"createdAt\"",
				"\"freshUntil\"", "\"staleUntil\"", "\"errorUntil\"", "\"age\"", "\"product:7200\"");
		assertThat(response.body()).doesNotContain("product-7200");
	}

	@Test
	void deleteKeyEvictsIt() throws Exception {
		node.bean(Catalog.class).find(7300);
		assertThat(node.delete("/actuator/swrcache/products/7300").statusCode()).isEqualTo(200);
		assertThat(node.get("/actuator/swrcache/products/7300").body()).contains("\"state\":\"ABSENT\"");
	}

	@Test
	void deleteTagInvalidatesItsEntries() throws Exception {
		node.bean(Catalog.class).find(7400);
		node.bean(Catalog.class).find(7401);
		assertThat(node.delete("/actuator/swrcache/products/tags/product:7400").statusCode()).isEqualTo(200);
		assertThat(node.get("/actuator/swrcache/products/7400").body()).contains("\"state\":\"ABSENT\"");
		assertThat(node.get("/actuator/swrcache/products/7401").body()).contains("\"state\":\"FRESH\"");
	}

	@Test
	void deleteCacheClearsIt() throws Exception {
		node.bean(Catalog.class).list("clear-me");
		assertThat(node.delete("/actuator/swrcache/lists").statusCode()).isEqualTo(200);
		assertThat(node.get("/actuator/swrcache/lists/clear-me").body()).contains("\"state\":\"ABSENT\"");
	}

	@Test
	void postPatternDeletesTheMatchingKeysAndReturnsTheCounts() throws Exception {
		for (long id = 7500; id < 7520; id++) {
			node.bean(Catalog.class).find(id);
		}
		HttpResponse<String> response = node.post("/actuator/swrcache/products", "{\"pattern\":\"751?\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"cache\":\"products\"", "\"glob\":\"751?\"", "\"servers\":1",
				"\"deleted\":10", "\"scanned\":10", "\"batches\"", "\"took\"");
		assertThat(node.get("/actuator/swrcache/products/7512").body()).contains("\"state\":\"ABSENT\"");
		assertThat(node.get("/actuator/swrcache/products/7502").body()).contains("\"state\":\"FRESH\"");
	}

	@Test
	void postIncompletePatternIs400AndDeletesNothing() throws Exception {
		node.bean(Catalog.class).find(7600);
		assertThat(node.post("/actuator/swrcache/products", "{\"pattern\":\"76[\"}").statusCode()).isEqualTo(400);
		assertThat(node.post("/actuator/swrcache/products", "{\"pattern\":\" \"}").statusCode()).isEqualTo(400);
		assertThat(node.post("/actuator/swrcache/products", "{}").statusCode()).isEqualTo(400);
		assertThat(node.get("/actuator/swrcache/products/7600").body()).contains("\"state\":\"FRESH\"");
	}

	@Test
	void postPatternToUnknownCacheDoesNothing() throws Exception {
		assertThat(node.post("/actuator/swrcache/nope", "{\"pattern\":\"*\"}").statusCode()).isEqualTo(204);
	}

}
