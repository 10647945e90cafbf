package io.github.swrcache.spring.it;

import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.github.swrcache.core.testsupport.RedisEndpoint;
import io.github.swrcache.core.testsupport.RedisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/health} with Redis up and down: the {@code swrCache} contributor stays
 * {@code UP} and reports Redis as unreachable.
 */
@ExtendWith(RedisExtension.class)
class HealthIntegrationTests {

	@Test
	void healthIsUpWithRedisUpAndStaysUpWhenRedisIsDown(RedisEndpoint redis) throws Exception {
		assertThat(redis.server()).as("a redis-server process this test may kill").isNotNull();
		// As documented: Spring Boot's own Redis indicator would turn the health DOWN.
		try (WebNode node = new WebNode(redis, "management.health.redis.enabled=false")) {
			HttpResponse<String> up = node.get("/actuator/health");
			assertThat(up.statusCode()).isEqualTo(200);
			assertThat(JsonPath.<String>read(up.body(), "$.components.swrCache.status")).isEqualTo("UP");
			assertThat(JsonPath.<String>read(up.body(), "$.components.swrCache.details.redis.mode"))
				.isEqualTo("standalone");
			assertThat(JsonPath.<Boolean>read(up.body(), "$.components.swrCache.details.redis.reachable")).isTrue();
			redis.server().kill();
			try {
				assertThat(node.bean(Catalog.class).find(8000)).isEqualTo(new Product(8000, "product-8000"));
				await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
					HttpResponse<String> down = node.get("/actuator/health");
					assertThat(down.statusCode()).isEqualTo(200);
					assertThat(JsonPath.<String>read(down.body(), "$.status")).isEqualTo("UP");
					assertThat(JsonPath.<String>read(down.body(), "$.components.swrCache.status")).isEqualTo("UP");
					assertThat(JsonPath.<Boolean>read(down.body(), "$.components.swrCache.details.redis.reachable"))
						.isFalse();
				});
			}
			finally {
				redis.server().restart();
			}
		}
	}

}
