package io.github.swrcache.sample.pricing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the simulated pricing service behaves at start; {@code POST /api/demo/pricing}
 * changes it at run time.
 *
 * @param latency how long each quote takes
 * @param errorRate the share of quotes that fail, from 0 to 1
 * @param broken whether every quote fails
 */
@ConfigurationProperties("sample.pricing")
public record PricingProperties(@DefaultValue("300ms") Duration latency, @DefaultValue("0.05") double errorRate,
		@DefaultValue("false") boolean broken) {

}
