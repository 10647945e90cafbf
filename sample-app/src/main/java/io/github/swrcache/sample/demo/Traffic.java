package io.github.swrcache.sample.demo;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.github.swrcache.sample.catalog.CatalogService;
import io.github.swrcache.sample.pricing.PriceService;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Background readers for the dashboard: a steady rate of reads, most of them on a few
 * popular products (as real traffic is), so that hit ratios, stale serves and refreshes
 * have something to show. Off until started.
 */
@Component
public class Traffic implements DisposableBean {

	/** The highest rate one node may generate. */
	public static final int MAX_RATE = 500;

	private static final List<String> CATEGORIES = List.of("books", "coffee", "garden", "kitchen", "music", "outdoor",
			"tools", "toys");

	private final CatalogService catalog;

	private final PriceService prices;

	private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(Traffic::daemon);

	// A slow price read must not hold up the others: reads run on a bounded pool, and a
	// read that finds the pool full is dropped rather than queued without bound.
	private final ThreadPoolExecutor readers = new ThreadPoolExecutor(16, 16, 30, TimeUnit.SECONDS,
			new ArrayBlockingQueue<>(256), Traffic::daemon, new ThreadPoolExecutor.DiscardPolicy());

	private final LongAdder reads = new LongAdder();

	private final LongAdder errors = new LongAdder();

	private @Nullable ScheduledFuture<?> running;

	private int rate;

	public Traffic(CatalogService catalog, PriceService prices) {
		this.catalog = catalog;
		this.prices = prices;
	}

	/**
	 * Starts, changes or stops the reads.
	 * @param readsPerSecond reads per second, {@code 0} to stop
	 * @throws IllegalArgumentException when the rate is out of range
	 */
	public synchronized void rate(int readsPerSecond) {
		if (readsPerSecond < 0 || readsPerSecond > MAX_RATE) {
			throw new IllegalArgumentException("rps must be between 0 and " + MAX_RATE + ", was " + readsPerSecond);
		}
		if (this.running != null) {
			this.running.cancel(false);
			this.running = null;
		}
		this.rate = readsPerSecond;
		if (readsPerSecond > 0) {
			long period = TimeUnit.SECONDS.toMicros(1) / readsPerSecond;
			this.running = this.ticker.scheduleAtFixedRate(() -> this.readers.execute(this::read), 0, period,
					TimeUnit.MICROSECONDS);
		}
	}

	/**
	 * The current rate and the reads so far.
	 * @return the status
	 */
	public synchronized Status status() {
		return new Status(this.rate, this.reads.sum(), this.errors.sum());
	}

	private void read() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		// Most reads go to the first 20 products, the rest to all 200.
		long id = (random.nextInt(10) < 8) ? 1 + random.nextInt(20) : 1 + random.nextInt(200);
		try {
			switch (random.nextInt(10)) {
				case 0, 1 -> this.catalog.productsOf(CATEGORIES.get(random.nextInt(CATEGORIES.size())));
				case 2, 3, 4 -> this.prices.price(id);
				case 5 -> this.catalog.categories();
				default -> this.catalog.product(id);
			}
			this.reads.increment();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			// Pricing failures with nothing to fall back on are part of the demo; they
			// are counted here and visible as load failures on the dashboard.
			this.errors.increment();
		}
	}

	private static Thread daemon(Runnable runnable) {
		Thread thread = new Thread(runnable, "sample-traffic");
		thread.setDaemon(true);
		return thread;
	}

	@Override
	public void destroy() {
		this.ticker.shutdownNow();
		this.readers.shutdownNow();
	}

	/**
	 * The traffic generator's state.
	 *
	 * @param rps reads per second, {@code 0} when stopped
	 * @param reads the reads done
	 * @param errors the reads that failed
	 */
	public record Status(int rps, long reads, long errors) {
	}

}
