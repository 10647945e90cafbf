package io.github.swrcache.sample;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import com.jayway.jsonpath.JsonPath;
import io.github.swrcache.core.testsupport.RedisEndpoint;
import io.github.swrcache.core.testsupport.RedisExtension;
import io.github.swrcache.sample.pricing.PriceService;
import io.github.swrcache.sample.pricing.PricingClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the sample application sharing one real Redis and one database through
 * the {@code redis} profile, as README's "two instances" run them: what one node loads
 * the other reads, an update on one node evicts on the other, and a stampede across both
 * loads once.
 */
@ExtendWith(RedisExtension.class)
class ClusterIntegrationTests {

	@TempDir
	static Path database;

	private static SampleNode a;

	private static SampleNode b;

	@BeforeAll
	static void start(RedisEndpoint redis) {
		String id = UUID.randomUUID().toString();
		String[] properties = { "spring.profiles.active=redis", "spring.data.redis.url=" + redis.uri(),
				"swr.cache.key-prefix=sample-it-" + id,
				"spring.datasource.url=jdbc:h2:file:" + database.resolve(id) + ";AUTO_SERVER=TRUE",
				// Generous timeouts: a busy build machine must neither open the circuit
				// nor let a lock wait run out, which would be other rules than these.
				"swr.cache.redis.command-timeout=2s", "swr.cache.redis.lock.wait=5s" };
		a = SampleNode.start(properties);
		b = SampleNode.start(properties);
	}

	@AfterAll
	static void stop() {
		if (b != null) {
			b.close();
		}
		if (a != null) {
			a.close();
		}
	}

	@Test
	void bothNodesRunWithRedisUnderTheirOwnNodeIds() throws Exception {
		for (SampleNode node : List.of(a, b)) {
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				String report = node.getOk("/actuator/swrcache");
				assertThat((Boolean) JsonPath.read(report, "$.redis.enabled")).isTrue();
				assertThat((String) JsonPath.read(report, "$.redis.mode")).isEqualTo("standalone");
				assertThat((Boolean) JsonPath.read(report, "$.redis.status.connected")).isTrue();
				assertThat((String) JsonPath.read(report, "$.redis.status.circuitState")).isEqualTo("CLOSED");
				assertThat((Boolean) JsonPath.read(report, "$.redis.status.busSubscribed")).isTrue();
			});
		}
		HttpResponse<String> fromA = a.get("/api/products/1");
		HttpResponse<String> fromB = b.get("/api/products/1");
		assertThat(fromA.headers().firstValue("X-Swr-Node")).isPresent()
			.isNotEqualTo(fromB.headers().firstValue("X-Swr-Node"));
	}

	@Test
	void whatOneNodeLoadedTheOtherReadsFromRedis() throws Exception {
		long loadsA = a.loads("products");
		long loadsB = b.loads("products");
		double remoteHitsB = b.metric("swr.cache.hits", "cache:products", "tier:remote");
		String fromA = a.getOk("/api/products/30");
		String fromB = b.getOk("/api/products/30");
		assertThat(fromB).isEqualTo(fromA);
		assertThat(a.loads("products")).isEqualTo(loadsA + 1);
		assertThat(b.loads("products")).isEqualTo(loadsB);
		assertThat(b.metric("swr.cache.hits", "cache:products", "tier:remote")).isEqualTo(remoteHitsB + 1);
	}

	@Test
	void updateOnOneNodeEvictsTheListOnTheOther() throws Exception {
		a.getOk("/api/categories/garden/products");
		b.getOk("/api/categories/garden/products");
		long loadsA = a.loads("category-products");
		long loadsB = b.loads("category-products");

		HttpResponse<String> updated = a.put("/api/products/42", "{\"name\":\"Hanging Planter #42\"}");
		assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);

		// The tag reaches node b over the bus; until then b still serves its copy.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(b.getOk("/api/categories/garden/products")).contains("Hanging Planter #42"));
		assertThat(b.loads("category-products")).isEqualTo(loadsB + 1);
		// Node a finds b's new list in Redis.
		assertThat(a.getOk("/api/categories/garden/products")).contains("Hanging Planter #42");
		assertThat(a.loads("category-products")).isEqualTo(loadsA);
	}

	@Test
	void stampedeAcrossBothNodesCallsThePricingServiceOnce() throws Exception {
		long product = 77;
		List<PriceService> services = List.of(a.bean(PriceService.class), b.bean(PriceService.class));
		CountDownLatch ready = new CountDownLatch(200);
		CountDownLatch start = new CountDownLatch(1);
		AtomicInteger served = new AtomicInteger();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			PriceService service = services.get(i % 2);
			Thread thread = new Thread(() -> {
				ready.countDown();
				try {
					start.await();
					if (service.price(product).isPresent()) {
						served.incrementAndGet();
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			thread.start();
			threads.add(thread);
		}
		ready.await();
		start.countDown();
		for (Thread thread : threads) {
			thread.join();
		}
		assertThat(served).hasValue(200);
		assertThat(a.bean(PricingClient.class).calls(product) + b.bean(PricingClient.class).calls(product))
			.isEqualTo(1);
	}

}
