package io.github.swrcache.spring.aop;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.swrcache.core.CacheKey;
import io.github.swrcache.core.EntryState;
import io.github.swrcache.core.SwrCache;
import io.github.swrcache.core.SwrCacheManager;
import io.github.swrcache.spring.annotation.SwrCacheEvict;
import io.github.swrcache.spring.annotation.SwrCacheable;
import io.github.swrcache.spring.autoconfigure.SwrCacheAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Structured keys from the annotations' SpEL: {@code cacheKey(...)} and
 * {@code cacheKeyBuilder(...)} on the expression root.
 */
class CacheKeyExpressionTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, SwrCacheAutoConfiguration.class))
		.withUserConfiguration(PriceConfiguration.class);

	@Test
	void cacheKeyInSpelGivesAStructuredKeyThatEvictionFindsAgain() {
		this.runner.run((context) -> {
			Prices prices = context.getBean(Prices.class);
			assertThat(prices.price(42, Currency.EUR)).isEqualTo("42 EUR #1");
			assertThat(prices.price(42, Currency.EUR)).isEqualTo("42 EUR #1");
			assertThat(prices.price(42, Currency.CHF)).isEqualTo("42 CHF #2");
			SwrCache<Object, Object> cache = cache(context, "prices");
			CacheKey key = CacheKey.of("price", 42L, "EUR");
			assertThat(key.encoded()).isEqualTo("price:v1:42,EUR");
			assertThat(cache.peek(key).value()).isEqualTo("42 EUR #1");
			prices.evict(42, Currency.EUR);
			assertThat(cache.peek(key).state()).isEqualTo(EntryState.ABSENT);
			assertThat(cache.peek(CacheKey.of("price", 42, "CHF")).state()).isEqualTo(EntryState.FRESH);
			assertThat(prices.price(42, Currency.EUR)).isEqualTo("42 EUR #3");
		});
	}

	@Test
	void cacheKeyBuilderInSpelSetsVersionFacetAndLocale() {
		this.runner.run((context) -> {
			Prices prices = context.getBean(Prices.class);
			assertThat(prices.label(7, Locale.GERMANY)).isEqualTo("label 7 de-DE #1");
			CacheKey key = CacheKey.builder("product").facet("label").version(2).locale(Locale.GERMANY).ids(7).build();
			assertThat(key.encoded()).isEqualTo("product/label:v2@de-DE:7");
			assertThat(cache(context, "labels").peek(key).value()).isEqualTo("label 7 de-DE #1");
		});
	}

	@SuppressWarnings("unchecked")
	private static SwrCache<Object, Object> cache(AssertableApplicationContext context, String name) {
		return (SwrCache<Object, Object>) context.getBean(SwrCacheManager.class).getCache(name);
	}

	enum Currency {

		EUR, CHF

	}

	@Configuration(proxyBeanMethods = false)
	static class PriceConfiguration {

		@Bean
		Prices prices() {
			return new Prices();
		}

	}

	static class Prices {

		private final AtomicInteger calls = new AtomicInteger();

		@SwrCacheable(cache = "prices", key = "cacheKey('price', #id, #currency)")
		public String price(long id, Currency currency) {
			return id + " " + currency + " #" + this.calls.incrementAndGet();
		}

		@SwrCacheEvict(cache = "prices", key = "cacheKey('price', #id, #currency)")
		public void evict(long id, Currency currency) {
		}

		@SwrCacheable(cache = "labels",
				key = "cacheKeyBuilder('product').facet('label').version(2).locale(#locale).ids(#id).build()")
		public String label(int id, Locale locale) {
			return "label " + id + " " + locale.toLanguageTag() + " #" + this.calls.incrementAndGet();
		}

	}

}
