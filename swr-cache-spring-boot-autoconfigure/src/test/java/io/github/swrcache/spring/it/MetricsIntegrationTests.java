package io.github.swrcache.spring.it;

import java.net.http.HttpResponse;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import io.github.swrcache.core.testsupport.RedisEndpoint;
import io.github.swrcache.core.testsupport.RedisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache meters in {@code /actuator/metrics} and {@code /actuator/prometheus} over
 * real HTTP, after one miss and one hit of an annotated method.
 */
@ExtendWith(RedisExtension.class)
class MetricsIntegrationTests {

	private static WebNode node;

	@BeforeAll
	static void start(RedisEndpoint redis) {
		node = new WebNode(redis, "management.endpoints.web.exposure.include=health,metrics,prometheus,swrcache");
		Catalog catalog = node.bean(Catalog.class);
		catalog.find(9000);
		catalog.find(9000);
	}

	@AfterAll
	static void stop() {
		node.close();
	}

	@Test
	void metricsEndpointCountsOneHitAndOneMiss() throws Exception {
		assertThat(count("cache.gets?tag=cache:products&tag=result:hit")).isEqualTo(1.0);
		assertThat(count("cache.gets?tag=cache:products&tag=result:miss")).isEqualTo(1.0);
		assertThat(count("swr.cache.loads?tag=cache:products&tag=result:success")).isEqualTo(1.0);
		assertThat(count("swr.cache.hits?tag=cache:products&tag=tier:local")).isEqualTo(1.0);
	}

	@Test
	void prometheusEndpointExportsTheStandardAndTheSwrCacheMeters() throws Exception {
		HttpResponse<String> response = node.get("/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("cache_gets_total{cache=\"products\",result=\"hit\"} 1.0",
				"cache_gets_total{cache=\"products\",result=\"miss\"} 1.0",
				"swr_cache_loads_total{cache=\"products\",result=\"success\"} 1.0",
				"swr_cache_hits_total{cache=\"products\",tier=\"local\"} 1.0",
				"swr_cache_load_duration_seconds_count{cache=\"products\"} 1", "swr_cache_locks_total{",
				"swr_cache_refreshes_total{");
	}

	private static double count(String metric) throws Exception {
		HttpResponse<String> response = node.get("/actuator/metrics/" + metric);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<Double> counts = JsonPath.read(response.body(), "$.measurements[?(@.statistic == 'COUNT')].value");
		assertThat(counts).as(response.body()).hasSize(1);
		return counts.get(0);
	}

}
