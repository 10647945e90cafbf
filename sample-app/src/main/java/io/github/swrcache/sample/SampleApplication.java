package io.github.swrcache.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.cache.annotation.EnableCaching;

/**
 * A small product-catalog service that uses swr-cache exactly as a user would: the
 * starter dependency, {@code @SwrCacheable} and friends, one {@code @Cacheable} method
 * through Spring's cache abstraction, and {@code application.yml}. The live dashboard is
 * at {@code /}.
 */
@SpringBootApplication
@EnableCaching
@ConfigurationPropertiesScan
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
