package io.github.swrcache.core.warmup;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.swrcache.core.BulkLoader;
import io.github.swrcache.core.SwrCache;
import io.github.swrcache.core.warmup.WarmUpRunner.CacheResolver;
import org.jspecify.annotations.Nullable;

/**
 * The passes of one {@link CacheWarmer} and its progress. The fields are written by the
 * one pass that runs at a time and read by {@link #status()} from any thread.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class WarmUpPass<K, V> {

	private static final System.Logger logger = System.getLogger(WarmUpRunner.class.getName());

	private final CacheWarmer<K, V> warmer;

	private final CacheResolver resolver;

	private final int batchSize;

	private final Clock clock;

	private final AtomicBoolean running = new AtomicBoolean();

	private final AtomicLong loaded = new AtomicLong();

	private volatile WarmUpState state = WarmUpState.NOT_STARTED;

	private volatile long done;

	private volatile long total;

	private volatile long errors;

	private volatile long passes;

	private volatile @Nullable Instant startedAt;

	private volatile @Nullable Instant finishedAt;

	private volatile @Nullable String failure;

	WarmUpPass(CacheWarmer<K, V> warmer, CacheResolver resolver, int batchSize, Clock clock) {
		this.warmer = warmer;
		this.resolver = resolver;
		this.batchSize = batchSize;
		this.clock = clock;
	}

	CacheWarmer<K, V> warmer() {
		return this.warmer;
	}

	String name() {
		return this.warmer.name();
	}

	WarmUpStatus status() {
		return new WarmUpStatus(name(), this.warmer.cacheName(), this.state, this.done, this.total, this.loaded.get(),
				this.errors, this.passes, this.startedAt, this.finishedAt, this.failure);
	}

	void run() {
		if (!this.running.compareAndSet(false, true)) {
			logger.log(System.Logger.Level.DEBUG, () -> "Warm-up '" + name() + "' is still running; pass skipped");
			return;
		}
		try {
			begin();
			warm();
		}
		catch (Exception ex) {
			fail(ex);
			logger.log(System.Logger.Level.WARNING, "Warm-up '" + name() + "' of cache '" + this.warmer.cacheName()
					+ "' failed after " + this.done + "/" + this.total + " keys", ex);
		}
		finally {
			this.finishedAt = this.clock.instant();
			if (this.state == WarmUpState.RUNNING) {
				this.state = (this.errors > 0) ? WarmUpState.FAILED : WarmUpState.COMPLETED;
			}
			this.running.set(false);
		}
	}

	private void begin() {
		this.done = 0;
		this.total = 0;
		this.errors = 0;
		this.loaded.set(0);
		this.failure = null;
		this.finishedAt = null;
		this.startedAt = this.clock.instant();
		this.passes++;
		this.state = WarmUpState.RUNNING;
	}

	@SuppressWarnings("unchecked")
	private void warm() throws Exception {
		SwrCache<K, V> cache = (SwrCache<K, V>) this.resolver.resolve(this.warmer.cacheName(), this.warmer.valueType());
		Collection<? extends K> keys = this.warmer.keys();
		if (keys == null) {
			throw new IllegalStateException("CacheWarmer '" + name() + "' returned no keys (null)");
		}
		List<K> all = new ArrayList<>(keys);
		BulkLoader<K, V> loader = counting(this.warmer.loader());
		this.total = all.size();
		logger.log(System.Logger.Level.INFO, () -> "Warming cache '" + cache.name() + "' (warmer '" + name() + "'): "
				+ all.size() + " keys in batches of " + this.batchSize);
		long startNanos = System.nanoTime();
		int loggedTenths = 0;
		for (int from = 0; from < all.size(); from += this.batchSize) {
			List<K> batch = all.subList(from, Math.min(all.size(), from + this.batchSize));
			try {
				cache.getAll(batch, loader);
			}
			catch (RuntimeException ex) {
				if (this.errors == 0) {
					this.failure = describe(ex);
					logger.log(System.Logger.Level.WARNING, "Warm-up '" + name() + "': a batch of " + batch.size()
							+ " keys failed to load; the pass goes on with the next batches", ex);
				}
				this.errors += batch.size();
			}
			this.done += batch.size();
			int tenths = (int) (this.done * 10 / all.size());
			if (tenths > loggedTenths && this.done < all.size()) {
				loggedTenths = tenths;
				logProgress(cache.name(), startNanos);
			}
			if (Thread.currentThread().isInterrupted()) {
				throw new InterruptedException("warm-up interrupted");
			}
		}
		logProgress(cache.name(), startNanos);
	}

	private BulkLoader<K, V> counting(BulkLoader<K, V> loader) {
		if (loader == null) {
			throw new IllegalStateException("CacheWarmer '" + name() + "' returned no loader (null)");
		}
		return (keys) -> {
			Map<K, V> values = loader.loadAll(keys);
			this.loaded.addAndGet(keys.size());
			return values;
		};
	}

	private void logProgress(String cacheName, long startNanos) {
		double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
		long doneNow = this.done;
		logger.log(System.Logger.Level.INFO,
				() -> String.format(
						"Warming cache '%s' (warmer '%s'): %d/%d keys, %.0f keys/s, %d loaded here, " + "%d errors",
						cacheName, name(), doneNow, this.total, doneNow / seconds, this.loaded.get(), this.errors));
	}

	private void fail(Exception ex) {
		this.state = WarmUpState.FAILED;
		if (this.failure == null) {
			this.failure = describe(ex);
		}
		if (ex instanceof InterruptedException) {
			Thread.currentThread().interrupt();
		}
	}

	private static String describe(Throwable ex) {
		return ex.getClass().getName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : "");
	}

}
