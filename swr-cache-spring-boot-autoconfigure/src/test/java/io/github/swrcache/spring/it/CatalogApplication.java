package io.github.swrcache.spring.it;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application of the integration tests: auto-configuration and one service.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableCaching
public class CatalogApplication {

	@Bean
	Catalog catalog() {
		return new Catalog();
	}

}
