package io.github.swrcache.sample;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.swrcache.core.CachePolicy;
import io.github.swrcache.core.SwrCache;
import io.github.swrcache.core.SwrCacheManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A first look at swr-cache: a slow "price" lookup cached with a short ttl, read before
 * and after it goes stale. The full product-catalog service with its dashboard replaces
 * this once the starter's auto-configuration exists.
 */
@SpringBootApplication
public class SampleApplication {

	private static final Logger logger = LoggerFactory.getLogger(SampleApplication.class);

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

	@Bean(destroyMethod = "close")
	SwrCacheManager swrCacheManager() {
		return SwrCacheManager.builder().build();
	}

	@Bean
	ApplicationRunner demo(SwrCacheManager manager) {
		return (args) -> {
			SwrCache<String, Integer> prices = manager.cache("prices", Integer.class,
					CachePolicy.builder().ttl(Duration.ofMillis(500)).jitter(0).build());
			AtomicInteger loads = new AtomicInteger();
			for (int read = 1; read <= 6; read++) {
				long start = System.nanoTime();
				Integer price = prices.get("sku-42", (sku) -> {
					Thread.sleep(200);
					return 100 + loads.incrementAndGet();
				});
				logger.info("read {}: price {} in {} ms, loads so far {}", read, price,
						Duration.ofNanos(System.nanoTime() - start).toMillis(), loads.get());
				Thread.sleep(250);
			}
			logger.info("statistics: {}", prices.statistics());
		};
	}

}
