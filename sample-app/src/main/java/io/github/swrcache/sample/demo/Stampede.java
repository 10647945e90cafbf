package io.github.swrcache.sample.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.swrcache.core.CacheStatistics;
import io.github.swrcache.core.SwrCache;
import io.github.swrcache.core.SwrCacheManager;
import io.github.swrcache.sample.pricing.PriceService;
import io.github.swrcache.sample.pricing.PricingClient;

import org.springframework.stereotype.Component;

/**
 * Fires many concurrent callers at one cold key of the {@code prices} cache and counts
 * how often the slow pricing service was really called.
 */
@Component
public class Stampede {

	/** The most callers one stampede may start. */
	public static final int MAX_CALLERS = 1000;

	private final PriceService prices;

	private final PricingClient pricing;

	private final SwrCacheManager manager;

	public Stampede(PriceService prices, PricingClient pricing, SwrCacheManager manager) {
		this.prices = prices;
		this.pricing = pricing;
		this.manager = manager;
	}

	/**
	 * Evicts the price of {@code productId}, then lets {@code callers} threads ask for it
	 * at the same moment.
	 * @param productId the product whose price is asked for
	 * @param callers the number of concurrent callers
	 * @return what happened
	 * @throws IllegalArgumentException when {@code callers} is out of range
	 * @throws InterruptedException when interrupted while waiting for the callers
	 */
	public Result run(long productId, int callers) throws InterruptedException {
		if (callers < 1 || callers > MAX_CALLERS) {
			throw new IllegalArgumentException("n must be between 1 and " + MAX_CALLERS + ", was " + callers);
		}
		this.prices.evict(productId);
		long callsBefore = this.pricing.calls(productId);
		long loadsBefore = cacheLoads();
		CountDownLatch ready = new CountDownLatch(callers);
		CountDownLatch start = new CountDownLatch(1);
		AtomicInteger served = new AtomicInteger();
		AtomicInteger failed = new AtomicInteger();
		List<Thread> threads = new ArrayList<>(callers);
		for (int i = 0; i < callers; i++) {
			Thread thread = new Thread(() -> {
				ready.countDown();
				try {
					start.await();
					this.prices.price(productId);
					served.incrementAndGet();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					failed.incrementAndGet();
				}
				catch (RuntimeException ex) {
					// The pricing service failed with no earlier price to fall back on:
					// every caller of the one load sees that failure.
					failed.incrementAndGet();
				}
			}, "stampede-" + i);
			thread.start();
			threads.add(thread);
		}
		ready.await();
		long started = System.nanoTime();
		start.countDown();
		for (Thread thread : threads) {
			thread.join();
		}
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		return new Result(productId, callers, this.pricing.calls(productId) - callsBefore, cacheLoads() - loadsBefore,
				served.get(), failed.get(), took.toMillis(), this.manager.nodeId());
	}

	private long cacheLoads() {
		SwrCache<?, ?> cache = this.manager.getCache("prices");
		if (cache == null) {
			return 0;
		}
		CacheStatistics statistics = cache.statistics();
		return statistics.loadSuccesses() + statistics.loadFailures();
	}

	/**
	 * What a stampede did.
	 *
	 * @param productId the product whose price was asked for
	 * @param callers the concurrent callers
	 * @param loads the calls of the pricing service for that product meanwhile
	 * @param cacheLoads the loads the {@code prices} cache counted meanwhile
	 * @param served the callers that got a price
	 * @param failed the callers that got an error
	 * @param millis how long until the last caller had its answer
	 * @param nodeId the node that ran it
	 */
	public record Result(long productId, int callers, long loads, long cacheLoads, int served, int failed, long millis,
			String nodeId) {
	}

}
