package io.github.swrcache.sample.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

import io.github.swrcache.sample.catalog.Product;

import org.springframework.stereotype.Component;

/**
 * Stands in for a remote pricing service: slow, and failing now and then. Its latency,
 * error rate and a "broken" switch are set by {@code sample.pricing.*} and changed at run
 * time through {@code POST /api/demo/pricing}. Thread-safe.
 */
@Component
public class PricingClient {

	private final Clock clock;

	private final LongAdder calls = new LongAdder();

	private final LongAdder failures = new LongAdder();

	private final Map<Long, LongAdder> callsByProduct = new ConcurrentHashMap<>();

	private volatile Duration latency;

	private volatile double errorRate;

	private volatile boolean broken;

	public PricingClient(PricingProperties properties) {
		this.clock = Clock.systemUTC();
		settings(new PricingSettings(properties.latency(), properties.errorRate(), properties.broken()));
	}

	/**
	 * Quotes the price of a product, taking {@code latency} and failing at the error rate
	 * or always when broken.
	 * @param product the product
	 * @return the quote
	 * @throws PricingUnavailableException when the quote failed
	 * @throws InterruptedException when interrupted while waiting for the quote
	 */
	public Price quote(Product product) throws InterruptedException {
		this.calls.increment();
		this.callsByProduct.computeIfAbsent(product.id(), (id) -> new LongAdder()).increment();
		Thread.sleep(this.latency.toMillis());
		if (this.broken || ThreadLocalRandom.current().nextDouble() < this.errorRate) {
			this.failures.increment();
			throw new PricingUnavailableException(
					"pricing service failed to quote product " + product.id() + (this.broken ? " (broken)" : ""));
		}
		// The promotion changes every minute, so refreshed prices differ now and then.
		long minute = this.clock.millis() / 60_000;
		int discount = (int) ((product.id() + minute) % 4) * 5;
		BigDecimal price = product.listPrice()
			.multiply(BigDecimal.valueOf(100 - discount))
			.divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
		return new Price(product.id(), product.listPrice(), discount, price, this.clock.instant());
	}

	/**
	 * The current behaviour and the calls so far.
	 * @return the status
	 */
	public PricingStatus status() {
		return new PricingStatus(new PricingSettings(this.latency, this.errorRate, this.broken), this.calls.sum(),
				this.failures.sum());
	}

	/**
	 * The quotes asked for one product so far.
	 * @param productId the product
	 * @return the number of calls of {@link #quote(Product)} for it
	 */
	public long calls(long productId) {
		LongAdder adder = this.callsByProduct.get(productId);
		return (adder != null) ? adder.sum() : 0;
	}

	/**
	 * Changes the behaviour.
	 * @param settings the new behaviour
	 * @throws IllegalArgumentException when a value is out of range
	 */
	public void settings(PricingSettings settings) {
		if (settings.latency().isNegative() || settings.latency().compareTo(Duration.ofSeconds(30)) > 0) {
			throw new IllegalArgumentException("latency must be between 0 and 30s, was " + settings.latency());
		}
		if (!(settings.errorRate() >= 0 && settings.errorRate() <= 1)) {
			throw new IllegalArgumentException("errorRate must be between 0 and 1, was " + settings.errorRate());
		}
		this.latency = settings.latency();
		this.errorRate = settings.errorRate();
		this.broken = settings.broken();
	}

	/**
	 * How the pricing service behaves.
	 *
	 * @param latency how long each quote takes
	 * @param errorRate the share of quotes that fail
	 * @param broken whether every quote fails
	 */
	public record PricingSettings(Duration latency, double errorRate, boolean broken) {
	}

	/**
	 * The pricing service's behaviour and its calls so far.
	 *
	 * @param settings the behaviour
	 * @param calls the quotes asked for
	 * @param failures the quotes that failed
	 */
	public record PricingStatus(PricingSettings settings, long calls, long failures) {
	}

}
