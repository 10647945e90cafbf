package io.github.swrcache.sample.demo;

import java.time.Duration;
import java.util.Map;

import io.github.swrcache.sample.catalog.LoaderCalls;
import io.github.swrcache.sample.pricing.PricingClient;
import io.github.swrcache.sample.pricing.PricingClient.PricingSettings;
import io.github.swrcache.sample.pricing.PricingClient.PricingStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dashboard's controls: a stampede on a cold key, the pricing service's behaviour,
 * and background traffic.
 */
@RestController
@RequestMapping("/api/demo")
public class DemoController {

	private final Stampede stampede;

	private final PricingClient pricing;

	private final Traffic traffic;

	private final LoaderCalls calls;

	public DemoController(Stampede stampede, PricingClient pricing, Traffic traffic, LoaderCalls calls) {
		this.stampede = stampede;
		this.pricing = pricing;
		this.traffic = traffic;
		this.calls = calls;
	}

	/**
	 * {@code POST /api/demo/stampede?n=200&productId=1}: evicts one price, fires
	 * {@code n} concurrent callers at it and reports how many loads happened.
	 */
	@PostMapping("/stampede")
	public Stampede.Result stampede(@RequestParam(defaultValue = "200") int n,
			@RequestParam(defaultValue = "1") long productId) throws InterruptedException {
		return this.stampede.run(productId, n);
	}

	@GetMapping("/pricing")
	public PricingStatus pricing() {
		return this.pricing.status();
	}

	/**
	 * {@code POST /api/demo/pricing?broken=true&latencyMs=300&errorRate=0.05}: changes
	 * the pricing service; a parameter left out keeps its value.
	 */
	@PostMapping("/pricing")
	public PricingStatus pricing(@RequestParam(required = false) @Nullable Boolean broken,
			@RequestParam(required = false) @Nullable Long latencyMs,
			@RequestParam(required = false) @Nullable Double errorRate) {
		PricingSettings current = this.pricing.status().settings();
		this.pricing.settings(new PricingSettings(
				(latencyMs != null) ? Duration.ofMillis(latencyMs) : current.latency(),
				(errorRate != null) ? errorRate : current.errorRate(), (broken != null) ? broken : current.broken()));
		return this.pricing.status();
	}

	@GetMapping("/traffic")
	public Traffic.Status traffic() {
		return this.traffic.status();
	}

	/**
	 * {@code POST /api/demo/traffic?rps=50}: background reads per second, {@code 0} stops
	 * them.
	 */
	@PostMapping("/traffic")
	public Traffic.Status traffic(@RequestParam int rps) {
		this.traffic.rate(rps);
		return this.traffic.status();
	}

	/**
	 * How often each cached method's body ran.
	 */
	@GetMapping("/loads")
	public Map<String, Long> loads() {
		return this.calls.counts();
	}

	@ExceptionHandler
	ProblemDetail badArgument(IllegalArgumentException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

}
