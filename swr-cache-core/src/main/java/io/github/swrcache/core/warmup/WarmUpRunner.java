package io.github.swrcache.core.warmup;

import java.lang.reflect.Type;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.swrcache.core.SwrCache;
import io.github.swrcache.core.SwrCacheManager;
import org.jspecify.annotations.Nullable;

/**
 * Runs {@link CacheWarmer}s: a pass of each at {@link #start()}, in the background, and
 * later passes by each warmer's {@link CacheWarmer#schedule() schedule}. A pass reads the
 * warmer's keys in batches through {@link SwrCache#getAll}, logs its progress (keys done
 * of the total, keys per second), and keeps a {@link WarmUpStatus} per warmer. A pass of
 * a warmer never overlaps another pass of the same warmer: one asked for meanwhile is
 * skipped. Thread-safe; close it to cancel the schedules and stop the threads it created.
 */
public final class WarmUpRunner implements AutoCloseable {

	/** Default number of keys read with one {@code getAll}. */
	public static final int DEFAULT_BATCH_SIZE = 500;

	private final Map<String, WarmUpPass<?, ?>> passes;

	private final Executor executor;

	private final @Nullable WarmUpScheduler scheduler;

	private final List<AutoCloseable> owned = new CopyOnWriteArrayList<>();

	private final AtomicBoolean started = new AtomicBoolean();

	private WarmUpRunner(Builder builder) {
		Map<String, WarmUpPass<?, ?>> byName = new LinkedHashMap<>();
		for (CacheWarmer<?, ?> warmer : builder.warmers) {
			String name = warmer.name();
			if (name == null || name.isBlank()) {
				throw new IllegalArgumentException(
						"CacheWarmer name must not be blank, was '" + name + "' for " + warmer.getClass().getName());
			}
			if (byName.containsKey(name)) {
				throw new IllegalArgumentException("CacheWarmer names must be unique, '" + name
						+ "' is used twice; override CacheWarmer.name() to tell them apart");
			}
			byName.put(name, new WarmUpPass<>(warmer, builder.resolver, builder.batchSize, builder.clock));
		}
		this.passes = byName;
		Executor executor = builder.executor;
		if (executor == null) {
			ExecutorService pool = Executors.newCachedThreadPool(daemonThreads("swr-cache-warm-up-"));
			this.owned.add(pool::shutdownNow);
			executor = pool;
		}
		this.executor = executor;
		this.scheduler = builder.scheduler;
	}

	/**
	 * A builder of a runner that warms {@code manager}'s caches.
	 * @param manager the manager whose caches are warmed
	 * @return a new builder
	 */
	public static Builder builder(SwrCacheManager manager) {
		return new Builder(manager);
	}

	/**
	 * Schedules the warmers that have a schedule, and starts a pass of each warmer that
	 * {@link CacheWarmer#warmOnStart() warms on start} in the background. Only the first
	 * call does anything.
	 * @return completes when those start-up passes have ended, never exceptionally (a
	 * failed pass is in its {@link #status(String) status})
	 * @throws IllegalArgumentException when a warmer's schedule is not supported by the
	 * scheduler
	 */
	public CompletableFuture<Void> start() {
		if (!this.started.compareAndSet(false, true)) {
			return CompletableFuture.completedFuture(null);
		}
		for (WarmUpPass<?, ?> pass : this.passes.values()) {
			WarmUpSchedule schedule = pass.warmer().schedule();
			if (schedule != null && schedule.isScheduled()) {
				this.owned.add(scheduler().schedule(pass.name(), schedule, pass::run));
			}
		}
		List<CompletableFuture<?>> startUp = new ArrayList<>();
		for (WarmUpPass<?, ?> pass : this.passes.values()) {
			if (pass.warmer().warmOnStart()) {
				startUp.add(CompletableFuture.runAsync(pass::run, this.executor));
			}
		}
		return CompletableFuture.allOf(startUp.toArray(CompletableFuture[]::new)).handle((ignored, failure) -> null);
	}

	/**
	 * Runs one pass of a warmer in the calling thread, unless one is under way.
	 * @param name the warmer's name
	 * @return the warmer's status after the pass
	 * @throws IllegalArgumentException when no warmer has that name
	 */
	public WarmUpStatus run(String name) {
		WarmUpPass<?, ?> pass = this.passes.get(name);
		if (pass == null) {
			throw new IllegalArgumentException(
					"name must name a CacheWarmer, was '" + name + "'; warmers: " + this.passes.keySet());
		}
		pass.run();
		return pass.status();
	}

	/**
	 * The status of every warmer, in the order they were given.
	 * @return a snapshot per warmer
	 */
	public List<WarmUpStatus> status() {
		return this.passes.values().stream().map(WarmUpPass::status).toList();
	}

	/**
	 * The status of one warmer.
	 * @param name the warmer's name
	 * @return the snapshot, or {@code null} when no warmer has that name
	 */
	public @Nullable WarmUpStatus status(String name) {
		WarmUpPass<?, ?> pass = this.passes.get(name);
		return (pass != null) ? pass.status() : null;
	}

	/**
	 * Cancels the schedules and stops the threads the runner created; a pass under way is
	 * interrupted.
	 */
	@Override
	public void close() {
		for (AutoCloseable closeable : this.owned) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				// Closing is best effort: the others still get closed.
			}
		}
	}

	private WarmUpScheduler scheduler() {
		if (this.scheduler != null) {
			return this.scheduler;
		}
		ScheduledExecutorService executor = Executors
			.newSingleThreadScheduledExecutor(daemonThreads("swr-cache-warm-up-schedule-"));
		this.owned.add(executor::shutdownNow);
		return WarmUpScheduler.fixedDelayOn(executor);
	}

	private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * Finds or creates the cache a warmer names.
	 */
	@FunctionalInterface
	public interface CacheResolver {

		/**
		 * The cache of that name.
		 * @param cacheName the cache's name
		 * @param valueType the warmer's declared value type, or {@code null}
		 * @return the cache
		 * @throws IllegalStateException when the cache cannot be found or created
		 */
		SwrCache<?, ?> resolve(String cacheName, @Nullable Type valueType);

	}

	/**
	 * Builds a {@link WarmUpRunner}. Setters validate at once.
	 */
	public static final class Builder {

		private final List<CacheWarmer<?, ?>> warmers = new ArrayList<>();

		private CacheResolver resolver;

		private int batchSize = DEFAULT_BATCH_SIZE;

		private @Nullable Executor executor;

		private @Nullable WarmUpScheduler scheduler;

		private Clock clock = Clock.systemUTC();

		private Builder(SwrCacheManager manager) {
			Objects.requireNonNull(manager, "manager must not be null");
			this.resolver = (name, valueType) -> existingOrNew(manager, name, valueType);
		}

		/**
		 * Adds warmers.
		 * @param warmers the warmers
		 * @return this builder
		 */
		public Builder warmers(Collection<? extends CacheWarmer<?, ?>> warmers) {
			Objects.requireNonNull(warmers, "warmers must not be null");
			warmers.forEach(this::warmer);
			return this;
		}

		/**
		 * Adds a warmer.
		 * @param warmer the warmer
		 * @return this builder
		 */
		public Builder warmer(CacheWarmer<?, ?> warmer) {
			this.warmers.add(Objects.requireNonNull(warmer, "warmer must not be null"));
			return this;
		}

		/**
		 * Sets how many keys one {@code getAll} reads (and one loader call loads at
		 * most).
		 * @param batchSize a positive number
		 * @return this builder
		 */
		public Builder batchSize(int batchSize) {
			if (batchSize <= 0) {
				throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
			}
			this.batchSize = batchSize;
			return this;
		}

		/**
		 * Sets the executor of start-up passes instead of daemon threads the runner
		 * creates; the runner does not shut it down.
		 * @param executor the executor
		 * @return this builder
		 */
		public Builder executor(Executor executor) {
			this.executor = Objects.requireNonNull(executor, "executor must not be null");
			return this;
		}

		/**
		 * Sets what runs scheduled passes instead of a thread of the runner's own that
		 * supports fixed-delay schedules only.
		 * @param scheduler the scheduler
		 * @return this builder
		 */
		public Builder scheduler(WarmUpScheduler scheduler) {
			this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
			return this;
		}

		/**
		 * Sets how a warmer's cache is found, instead of the manager's existing cache,
		 * else one created with the warmer's value type (a class) and the manager's
		 * default policy.
		 * @param resolver the resolver
		 * @return this builder
		 */
		public Builder cacheResolver(CacheResolver resolver) {
			this.resolver = Objects.requireNonNull(resolver, "cacheResolver must not be null");
			return this;
		}

		/**
		 * Sets the clock of the start and end times in the status.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock must not be null");
			return this;
		}

		/**
		 * Builds the runner; nothing runs before {@link WarmUpRunner#start()}.
		 * @return the runner
		 * @throws IllegalArgumentException when two warmers have the same name
		 */
		public WarmUpRunner build() {
			return new WarmUpRunner(this);
		}

		private static SwrCache<?, ?> existingOrNew(SwrCacheManager manager, String name, @Nullable Type valueType) {
			SwrCache<?, ?> cache = manager.getCache(name);
			if (cache != null) {
				return cache;
			}
			if (valueType instanceof Class<?> type) {
				return manager.cache(name, type);
			}
			throw new IllegalStateException("Cache '" + name + "' does not exist yet and its warmer declares no "
					+ "value type class: create the cache before warming it, or override CacheWarmer.valueType()");
		}

	}

}
