package io.github.swrcache.sample;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prices' {@code staleIfError}: with the pricing service broken, the last good price
 * is served while the error window lasts. Time is moved by the application's clock, not
 * waited for.
 */
class FailSafeIntegrationTests {

	private static SampleNode node;

	private static MutableClock clock;

	@BeforeAll
	static void start() {
		node = SampleNode.start(new Class<?>[] { MutableClock.Configuration.class });
		clock = node.bean(MutableClock.class);
	}

	@AfterAll
	static void stop() {
		node.close();
	}

	@Test
	void brokenPricingIsAnsweredWithTheLastPriceWhileTheErrorWindowLasts() throws Exception {
		String price = node.getOk("/api/products/9/price");
		double failSafe = node.metric("swr.cache.failsafe.served", "cache:prices");
		// Past the fresh (5s) and stale-while-revalidate (30s) windows, inside the
		// stale-if-error window (15m, on the annotation).
		clock.advance(Duration.ofMinutes(1));
		assertThat(node.post("/api/demo/pricing?broken=true").statusCode()).isEqualTo(200);
		try {
			long pricingCalls = pricingCalls();
			assertThat(node.getOk("/api/products/9/price")).isEqualTo(price);
			assertThat(pricingCalls()).isEqualTo(pricingCalls + 1);
			assertThat(node.metric("swr.cache.failsafe.served", "cache:prices")).isEqualTo(failSafe + 1);
			// Within fail-safe-throttle (5s) the pricing service is not asked again.
			assertThat(node.getOk("/api/products/9/price")).isEqualTo(price);
			assertThat(pricingCalls()).isEqualTo(pricingCalls + 1);
			// Past the error window the old price is gone: the caller sees the failure.
			clock.advance(Duration.ofMinutes(15));
			HttpResponse<String> expired = node.get("/api/products/9/price");
			assertThat(expired.statusCode()).isEqualTo(503);
			assertThat(expired.body()).contains("pricing service failed to quote product 9 (broken)");
		}
		finally {
			node.post("/api/demo/pricing?broken=false");
		}
	}

	private static long pricingCalls() throws Exception {
		return ((Number) JsonPath.read(node.getOk("/api/demo/pricing"), "$.calls")).longValue();
	}

}
