package io.github.swrcache.sample.pricing;

/**
 * The pricing service failed to quote a price.
 */
public class PricingUnavailableException extends RuntimeException {

	public PricingUnavailableException(String message) {
		super(message);
	}

}
