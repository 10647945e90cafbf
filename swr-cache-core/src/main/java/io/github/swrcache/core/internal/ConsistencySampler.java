package io.github.swrcache.core.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;

import io.github.swrcache.core.ConsistencySampling;
import io.github.swrcache.core.ConsistencyStatistics;
import io.github.swrcache.core.codec.ValueCodec;
import io.github.swrcache.core.internal.CacheEntry.Window;
import org.jspecify.annotations.Nullable;

/**
 * Consistency sampling of one cache (see {@link ConsistencySampling}). A fresh in-process
 * hit becomes a candidate with a small probability; {@link #chosen()} is the only cost of
 * a hit that is not chosen. Candidates wait in a bounded reservoir (Vitter's algorithm R
 * over the candidates offered since the reservoir was last emptied, so that a busy key
 * cannot crowd out the rest); a pass takes some at random, re-loads each with the loader
 * of the call that offered it, and compares codec bytes.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class ConsistencySampler<K, V> {

	private static final System.Logger logger = System.getLogger(ConsistencySampler.class.getName());

	private final DefaultSwrCache<K, V> cache;

	private final CacheParts<K, V> parts;

	private final ValueCodec<V> codec;

	private final ConsistencySampling settings;

	private final RandomGenerator random;

	private final Executor executor;

	private final Map<K, LoadFunction<K, V>> reservoir = new LinkedHashMap<>();

	private long offered;

	private final LongAdder matches = new LongAdder();

	private final LongAdder drifts = new LongAdder();

	private final LongAdder errors = new LongAdder();

	private final LongAdder skipped = new LongAdder();

	private final LongAdder repairs = new LongAdder();

	private final Set<Class<?>> loggedFailures = ConcurrentHashMap.newKeySet();

	private volatile boolean loggedDroppedPass;

	ConsistencySampler(DefaultSwrCache<K, V> cache, CacheParts<K, V> parts, ValueCodec<V> codec,
			ConsistencySampling settings, RandomGenerator random, Executor executor) {
		this.cache = cache;
		this.parts = parts;
		this.codec = codec;
		this.settings = settings;
		this.random = random;
		this.executor = executor;
	}

	/**
	 * Whether the current fresh hit becomes a candidate.
	 */
	boolean chosen() {
		return this.random.nextDouble() < this.settings.probability();
	}

	synchronized void offer(K key, LoadFunction<K, V> loader) {
		this.offered++;
		if (this.reservoir.containsKey(key) || this.reservoir.size() < this.settings.maxCandidates()) {
			this.reservoir.put(key, loader);
			return;
		}
		long slot = this.random.nextLong(this.offered);
		if (slot < this.reservoir.size()) {
			K evicted = nth(this.reservoir.keySet(), (int) slot);
			this.reservoir.remove(evicted);
			this.reservoir.put(key, loader);
		}
	}

	/**
	 * Runs a pass on the executor; a full executor skips this pass, the candidates wait
	 * for the next.
	 */
	void schedulePass() {
		try {
			this.executor.execute(() -> check(this.settings.checksPerInterval()));
		}
		catch (RejectedExecutionException ex) {
			// The refresh executor is full: refreshes go first.
			if (!this.loggedDroppedPass) {
				this.loggedDroppedPass = true;
				logger.log(System.Logger.Level.INFO, "Consistency checks of cache '" + this.parts.name()
						+ "' skipped a pass: the refresh executor is full");
			}
		}
	}

	/**
	 * Checks up to {@code max} candidates in the calling thread.
	 */
	void check(int max) {
		for (Map.Entry<K, LoadFunction<K, V>> candidate : take(max)) {
			checkOne(candidate.getKey(), candidate.getValue());
		}
	}

	ConsistencyStatistics statistics() {
		int candidates;
		synchronized (this) {
			candidates = this.reservoir.size();
		}
		return new ConsistencyStatistics(this.parts.name(), this.matches.sum(), this.drifts.sum(), this.errors.sum(),
				this.skipped.sum(), this.repairs.sum(), candidates);
	}

	private synchronized List<Map.Entry<K, LoadFunction<K, V>>> take(int max) {
		List<Map.Entry<K, LoadFunction<K, V>>> all = new ArrayList<>(this.reservoir.entrySet()
			.stream()
			.map((entry) -> Map.entry(entry.getKey(), entry.getValue()))
			.toList());
		int count = Math.min(max, all.size());
		for (int i = 0; i < count; i++) {
			int pick = i + this.random.nextInt(all.size() - i);
			Map.Entry<K, LoadFunction<K, V>> swap = all.get(i);
			all.set(i, all.get(pick));
			all.set(pick, swap);
			this.reservoir.remove(all.get(i).getKey());
		}
		if (this.reservoir.isEmpty()) {
			this.offered = 0;
		}
		return all.subList(0, count);
	}

	private void checkOne(K key, LoadFunction<K, V> loader) {
		long now = this.parts.clock().now();
		CacheEntry<V> local = this.parts.local().get(key);
		CacheEntry<V> served = (local != null && isFresh(local, now)) ? local : null;
		if (served == null) {
			local = null;
			served = readRemote(key);
			if (served == null || !isFresh(served, now)) {
				this.skipped.increment();
				return;
			}
		}
		DefaultLoadContext<V> context = new DefaultLoadContext<>(null, true);
		long start = this.parts.clock().preciseNow();
		V reloaded;
		try {
			reloaded = loader.start(key, context).get(timeoutMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			failed(LoadPipeline.unwrap(ex));
			return;
		}
		catch (TimeoutException ex) {
			failed(ex);
			return;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.skipped.increment();
			return;
		}
		// A value the loader would not store, or an entry replaced while the check ran,
		// says nothing about drift.
		if (!context.shouldStore() || (local != null && this.parts.local().get(key) != local)) {
			this.skipped.increment();
			return;
		}
		boolean same;
		try {
			same = Arrays.equals(bytes(served.value()), bytes(reloaded));
		}
		catch (RuntimeException ex) {
			failed(ex);
			return;
		}
		if (same) {
			this.matches.increment();
			return;
		}
		this.drifts.increment();
		if (this.settings.repair()) {
			this.cache.repair(key, reloaded, start, context);
			this.repairs.increment();
		}
	}

	private boolean isFresh(CacheEntry<V> entry, long now) {
		return entry.window(now) == Window.FRESH && this.parts.marks().isValid(entry);
	}

	private @Nullable CacheEntry<V> readRemote(K key) {
		try {
			return this.parts.remote().read(key).get();
		}
		catch (ExecutionException ex) {
			this.parts.counters().remoteError(LoadPipeline.unwrap(ex));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return null;
	}

	private long timeoutMillis() {
		return ((this.parts.policy().loadHardTimeout() != null) ? this.parts.policy().loadHardTimeout()
				: this.parts.refreshTimeout())
			.toMillis();
	}

	private byte @Nullable [] bytes(@Nullable V value) {
		return (value != null) ? this.codec.encode(value) : null;
	}

	private void failed(Throwable failure) {
		this.errors.increment();
		if (this.loggedFailures.add(failure.getClass())) {
			logger.log(System.Logger.Level.WARNING, "Consistency check of cache '" + this.parts.name()
					+ "' failed; counted as an error, the entry is left as it is", failure);
		}
	}

	private static <T> T nth(Iterable<T> items, int index) {
		int i = 0;
		for (T item : items) {
			if (i++ == index) {
				return item;
			}
		}
		throw new IndexOutOfBoundsException(index);
	}

}
