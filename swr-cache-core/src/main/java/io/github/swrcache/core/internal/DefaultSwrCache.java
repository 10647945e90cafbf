package io.github.swrcache.core.internal;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.random.RandomGenerator;

import io.github.swrcache.core.AsyncContextLoader;
import io.github.swrcache.core.AsyncLoader;
import io.github.swrcache.core.BulkLoader;
import io.github.swrcache.core.CacheLookup;
import io.github.swrcache.core.CachePolicy;
import io.github.swrcache.core.CacheStatistics;
import io.github.swrcache.core.CacheTier;
import io.github.swrcache.core.ConsistencySampling;
import io.github.swrcache.core.ConsistencyStatistics;
import io.github.swrcache.core.ContextLoader;
import io.github.swrcache.core.EntryState;
import io.github.swrcache.core.Loader;
import io.github.swrcache.core.PatternInvalidation;
import io.github.swrcache.core.SwrCache;
import io.github.swrcache.core.codec.ValueCodec;
import io.github.swrcache.core.codec.ValueCodecFactory;
import io.github.swrcache.core.event.CacheEventPublisher;
import io.github.swrcache.core.internal.SingleFlight.Flight;
import org.jspecify.annotations.Nullable;

/**
 * The read path (DESIGN.md §4) and the write path (§5) of one cache. The L1 fresh hit
 * takes no lock and allocates nothing of ours; everything else goes through
 * {@link SingleFlight} and {@link LoadPipeline}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class DefaultSwrCache<K, V> implements SwrCache<K, V> {

	/** How often entries past their windows are freed from the in-process tier. */
	private static final long SWEEP_SECONDS = 5;

	private final CacheParts<K, V> parts;

	private final Type valueType;

	private final LoadPipeline<K, V> pipeline;

	private final CallerWait<K, V> wait;

	private final Executor refreshExecutor;

	private final Executor loadExecutor;

	private final @Nullable ConsistencySampler<K, V> sampler;

	// The fresh-hit path reads these directly rather than through the parts (fewer
	// dependent loads on the hottest path; see docs/BENCHMARKS.md).

	private final Map<K, CacheEntry<V>> localEntries;

	private final ClusterClock clock;

	private final TagMarks marks;

	private final EarlyRefresh earlyRefresh;

	/** Whether a fresh hit may need {@link #offFreshHit}: early refresh or sampling. */
	private final boolean freshHitExtras;

	private final HitCounter localHits;

	private final CacheEvents events;

	DefaultSwrCache(String name, Type valueType, CachePolicy policy, ManagerContext context) {
		this(name, valueType, policy, context, null);
	}

	DefaultSwrCache(String name, Type valueType, CachePolicy policy, ManagerContext context,
			@Nullable ConsistencySampling sampling) {
		this.valueType = valueType;
		CacheCounters counters = new CacheCounters(name, context.clock());
		RandomGenerator random = context.random();
		ClusterClock clock = context.clock();
		boolean shared = context.remote().isShared();
		RemoteStore<K, V> store = context.remote().store(name, valueType, new Events(), counters);
		FreshnessWindows windows = new FreshnessWindows(policy, random);
		Duration keepAtMost = shared ? context.localMaxTtl()
				: Duration.ofMillis(Math.max(windows.lifetimeMillis(policy.ttl()), policy.nullTtl().toMillis()));
		LocalTier<K, V> local = new LocalTier<>(context.localMaxEntries(), keepAtMost, clock, counters,
				shared ? store::keyId : null);
		this.parts = new CacheParts<>(name, policy, windows, new EarlyRefresh(policy, random), local, store,
				new TagMarks(clock), new SingleFlight<>(new KeyEars<>(shared ? store::keyId : null)), counters, clock,
				context.remoteOptions().lockWait(), context.remoteOptions().onLockTimeout(), context.refreshTimeout());
		this.localEntries = local.entries();
		this.clock = clock;
		this.marks = this.parts.marks();
		this.earlyRefresh = this.parts.earlyRefresh();
		this.localHits = counters.localHits;
		this.events = counters.events;
		this.pipeline = new LoadPipeline<>(this.parts);
		this.wait = new CallerWait<>(this.parts);
		this.refreshExecutor = context.refreshExecutor();
		this.loadExecutor = context.loadExecutor();
		context.maintenance().scheduleWithFixedDelay(() -> {
			local.sweep(clock.now());
			counters.localHits.releaseEnded();
		}, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
		store.loadMarks();
		this.sampler = (sampling != null) ? sampler(valueType, context, sampling) : null;
		this.freshHitExtras = policy.earlyRefresh() || this.sampler != null;
		this.writes = new AtomicWrites<>(this.parts, shared);
	}

	@Override
	public String name() {
		return this.parts.name();
	}

	@Override
	public CachePolicy policy() {
		return this.parts.policy();
	}

	/**
	 * The declared value type the cache was created with.
	 * @return the value type
	 */
	public Type valueType() {
		return this.valueType;
	}

	@Override
	public @Nullable V get(K key, Loader<? super K, ? extends V> loader) {
		requireKey(key);
		Objects.requireNonNull(loader, "loader must not be null");
		CacheEntry<V> entry = this.localEntries.get(key);
		if (isFreshHit(entry)) {
			if (this.freshHitExtras) {
				offFreshHit(key, LoadFunction.of(loader), entry);
			}
			return countFreshHit(key, entry);
		}
		return slowGet(key, LoadFunction.of(loader), entry);
	}

	@Override
	public @Nullable V get(K key, ContextLoader<? super K, V> loader) {
		requireKey(key);
		Objects.requireNonNull(loader, "loader must not be null");
		CacheEntry<V> entry = this.localEntries.get(key);
		if (isFreshHit(entry)) {
			if (this.freshHitExtras) {
				offFreshHit(key, LoadFunction.of(loader), entry);
			}
			return countFreshHit(key, entry);
		}
		return slowGet(key, LoadFunction.of(loader), entry);
	}

	/**
	 * Whether {@code entry} is an in-process entry that can be served as it is: fresh and
	 * not invalidated by a mark. The first step of both {@code get}s, which stay two
	 * methods so that a hit creates no loader function.
	 */
	private boolean isFreshHit(@Nullable CacheEntry<V> entry) {
		if (entry == null) {
			return false;
		}
		ClusterClock clock = this.clock;
		return clock.now() < entry.freshUntil && this.marks.isValid(entry, clock.uncertainty());
	}

	private @Nullable V countFreshHit(K key, CacheEntry<V> entry) {
		this.localHits.increment();
		this.events.hit(key, CacheTier.LOCAL, EntryState.FRESH);
		return entry.value();
	}

	/**
	 * The extras of a fresh hit that most caches do not use, out of the hot method: an
	 * early refresh that is due, and the consistency sampling.
	 */
	private void offFreshHit(K key, LoadFunction<K, V> loader, CacheEntry<V> entry) {
		long now = this.clock.now();
		if (this.earlyRefresh.isDue(entry, now)) {
			refresh(key, loader, entry, now);
		}
		if (this.sampler != null && this.sampler.chosen()) {
			this.sampler.offer(key, loader);
		}
	}

	private @Nullable V slowGet(K key, LoadFunction<K, V> loader, @Nullable CacheEntry<V> entry) {
		long now = this.parts.clock().now();
		CacheEntry<V> fallback = null;
		if (entry != null) {
			Served<V> served = serveLocal(key, loader, entry, now);
			if (served != null) {
				return served.value();
			}
			fallback = fallbackOf(entry, now);
		}
		Flight<V> flight = startOrJoin(key, loader, fallback,
				this.wait.needsOffThread(fallback != null) ? this.loadExecutor : null);
		return this.wait.await(key, flight, fallback, loader, this::refresh);
	}

	@Override
	public CompletableFuture<@Nullable V> getAsync(K key, AsyncLoader<? super K, V> loader) {
		requireKey(key);
		Objects.requireNonNull(loader, "loader must not be null");
		return getAsync(key, LoadFunction.async(loader, this.loadExecutor));
	}

	@Override
	public CompletableFuture<@Nullable V> getAsync(K key, AsyncContextLoader<? super K, V> loader) {
		requireKey(key);
		Objects.requireNonNull(loader, "loader must not be null");
		return getAsync(key, LoadFunction.async(loader, this.loadExecutor));
	}

	private CompletableFuture<@Nullable V> getAsync(K key, LoadFunction<K, V> function) {
		long now = this.parts.clock().now();
		CacheEntry<V> entry = this.parts.local().get(key);
		CacheEntry<V> fallback = null;
		if (entry != null) {
			Served<V> served = serveLocal(key, function, entry, now);
			if (served != null) {
				return CompletableFuture.completedFuture(served.value());
			}
			fallback = fallbackOf(entry, now);
		}
		// The caller's thread never waits: the load goes on in the load executor.
		Flight<V> flight = startOrJoin(key, function, fallback, this.loadExecutor);
		return this.wait.awaitAsync(key, flight, fallback, function, this::refresh);
	}

	@Override
	public Map<K, V> getAll(Iterable<? extends K> keys, BulkLoader<K, V> bulkLoader) {
		Objects.requireNonNull(keys, "keys must not be null");
		Objects.requireNonNull(bulkLoader, "bulkLoader must not be null");
		return new BulkRead<>(this.parts, this.pipeline, this.wait, bulkLoader, this.refreshExecutor, this.loadExecutor)
			.read(keys);
	}

	@Override
	public CacheLookup<V> peek(K key) {
		requireKey(key);
		long now = this.parts.clock().now();
		CacheEntry<V> entry = this.parts.local().get(key);
		if (entry != null && this.parts.marks().isValid(entry) && now < entry.errorUntil) {
			return entry.toLookup(now, CacheTier.LOCAL);
		}
		try {
			CacheEntry<V> remote = this.parts.remote().read(key).get();
			if (remote != null && this.parts.marks().isValid(remote)) {
				return remote.toLookup(now, CacheTier.REMOTE);
			}
		}
		catch (ExecutionException ex) {
			// A shared tier that cannot be read has nothing to show; peek never fails.
			this.parts.counters().remoteError(LoadPipeline.unwrap(ex));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return CacheLookup.absent();
	}

	@Override
	public void put(K key, @Nullable V value) {
		put(key, value, List.of());
	}

	@Override
	public void put(K key, @Nullable V value, Collection<String> tags) {
		requireKey(key);
		Objects.requireNonNull(tags, "tags must not be null");
		String[] tagArray = tags.stream().map(Tags::require).distinct().toArray(String[]::new);
		if (value == null && !this.parts.policy().cacheNulls()) {
			// The source has no value: nothing to fall back on, even with soft
			// invalidation.
			awaitRemote(invalidateAsync(key, false));
			return;
		}
		long now = this.parts.clock().preciseNow();
		CacheEntry<V> entry = this.parts.windows()
			.entry(value, now, now, null, (tagArray.length > 0) ? tagArray : CacheEntry.NO_TAGS);
		this.parts.flights().fence(key);
		this.writes.fence(key);
		putAndInstall(key, entry);
	}

	/**
	 * Writes the entry to the shared tier (every node hears of it), then installs it here
	 * unless another node changed the key meanwhile: the write's time in Redis is not
	 * known here, so any change heard since the write was sent counts, and the next read
	 * takes the shared value.
	 */
	private void putAndInstall(K key, CacheEntry<V> entry) {
		KeyEars.Ear ear = this.parts.flights().ears().open(key);
		try {
			awaitRemote(this.parts.remote().put(key, entry));
			this.parts.local().installWritten(key, entry, () -> ear.heardSince(KeyEars.UNKNOWN));
		}
		finally {
			this.parts.flights().ears().close(ear);
		}
		this.parts.counters().puts.increment();
	}

	@Override
	public void invalidate(K key) {
		awaitRemote(invalidateAsync(key));
	}

	@Override
	public void invalidateTag(String tag) {
		awaitRemote(invalidateTagAsync(tag));
	}

	@Override
	public void invalidateAll() {
		awaitRemote(invalidateAllAsync());
	}

	/**
	 * Waits for a write or invalidation to reach the shared tier, so that other nodes
	 * read it once this call returns. The shared tier's command timeout bounds the wait;
	 * a failure is counted, and the in-process tier is updated all the same.
	 */
	private void awaitRemote(CompletableFuture<?> write) {
		try {
			write.get();
		}
		catch (ExecutionException ex) {
			this.parts.counters().remoteError(LoadPipeline.unwrap(ex));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public CacheStatistics statistics() {
		return this.parts.counters().snapshot(this.parts.local().size());
	}

	@Override
	public CacheEventPublisher eventPublisher() {
		return this.parts.counters().events;
	}

	/**
	 * Serves a locally cached entry that is fresh, stale, or a throttled fail-safe value.
	 * @return the value to serve, or {@code null} when a load is needed
	 */
	private @Nullable Served<V> serveLocal(K key, LoadFunction<K, V> loader, CacheEntry<V> entry, long now) {
		if (!this.parts.marks().isValid(entry)) {
			if (this.parts.policy().softInvalidation()) {
				// Kept as a fail-safe value: served as one only while a failed reload
				// throttles the key, otherwise reloaded.
				return (entry.isThrottled(now) && now < entry.errorUntil) ? failSafe(key, entry) : null;
			}
			this.parts.local().remove(key, entry);
			return null;
		}
		CacheCounters counters = this.parts.counters();
		switch (entry.window(now)) {
			case FRESH -> {
				if (this.parts.earlyRefresh().isDue(entry, now)) {
					refresh(key, loader, entry, now);
				}
				if (this.sampler != null && this.sampler.chosen()) {
					this.sampler.offer(key, loader);
				}
				counters.localHits.increment();
				counters.events.hit(key, CacheTier.LOCAL, EntryState.FRESH);
				return new Served<>(entry.value());
			}
			case STALE -> {
				counters.localHits.increment();
				counters.staleServed.increment();
				counters.events.hit(key, CacheTier.LOCAL, EntryState.STALE);
				counters.events.staleServed(key);
				refresh(key, loader, entry, now);
				return new Served<>(entry.value());
			}
			case FALLBACK -> {
				return entry.isThrottled(now) ? failSafe(key, entry) : null;
			}
			default -> {
				return null;
			}
		}
	}

	private Served<V> failSafe(K key, CacheEntry<V> entry) {
		CacheCounters counters = this.parts.counters();
		counters.localHits.increment();
		counters.failSafeServed.increment();
		counters.events.hit(key, CacheTier.LOCAL, EntryState.STALE);
		counters.events.failSafe(key, null);
		return new Served<>(entry.value());
	}

	private @Nullable CacheEntry<V> fallbackOf(CacheEntry<V> entry, long now) {
		return this.parts.isFallback(entry, now) ? entry : null;
	}

	private Flight<V> startOrJoin(K key, LoadFunction<K, V> loader, @Nullable CacheEntry<V> fallback,
			@Nullable Executor offThread) {
		Flight<V> mine = new Flight<>();
		Flight<V> flight = this.parts.flights().startOrJoin(key, mine);
		if (flight == mine) {
			this.pipeline.run(key, mine, loader, fallback, false, offThread);
		}
		else if (offThread == null) {
			// A refresh still waiting in the executor's queue is run here rather than
			// waited for.
			flight.runQueued();
		}
		return flight;
	}

	/**
	 * Starts one background refresh of {@code key} unless one is under way, the key is
	 * throttled after a failure, or the refresh executor is full (then it is dropped and
	 * counted).
	 */
	void refresh(K key, LoadFunction<K, V> loader, CacheEntry<V> current, long now) {
		if (current.isThrottled(now)) {
			return;
		}
		Flight<V> mine = new Flight<>();
		if (this.parts.flights().startOrJoin(key, mine) != mine) {
			return;
		}
		mine.queue(() -> this.pipeline.run(key, mine, loader, current, true, null));
		try {
			this.refreshExecutor.execute(mine::runQueued);
		}
		catch (RejectedExecutionException ex) {
			this.parts.counters().refreshesDropped.increment();
			this.parts.counters().events.refreshDropped(key);
			mine.clearQueued();
			this.parts.flights().finish(key, mine);
			mine.result.complete(current);
		}
	}

	private static void requireKey(@Nullable Object key) {
		if (key == null) {
			throw new NullPointerException("key must not be null");
		}
	}

	/**
	 * A value to serve, possibly a cached {@code null}.
	 */
	private record Served<V>(@Nullable V value) {
	}

	/**
	 * Receives other nodes' invalidations from the shared tier.
	 */
	private final class Events implements RemoteEvents {

		@Override
		public void keyChanged(String keyId, long micros) {
			// First the loads and writes under way, then the copy: a load that installs
			// in between is outdated by what its ear heard and takes its copy back.
			K loading = DefaultSwrCache.this.parts.flights().ears().heard(keyId, micros);
			if (loading != null) {
				DefaultSwrCache.this.parts.flights().detach(loading);
			}
			K key = DefaultSwrCache.this.parts.local().keyOf(keyId);
			if (key != null) {
				DefaultSwrCache.this.parts.local().removeIfObservedBefore(key, micros);
			}
		}

		@Override
		public void tagInvalidated(String tag, long at) {
			DefaultSwrCache.this.parts.marks().markTag(tag, at, DefaultSwrCache.this.pipeline.markHorizon(at));
		}

		@Override
		public void cleared(long at) {
			DefaultSwrCache.this.parts.marks().markAll(at);
			if (!DefaultSwrCache.this.parts.policy().softInvalidation()) {
				// With soft invalidation the copies stay, invalid by the mark, as
				// fail-safe values.
				DefaultSwrCache.this.parts.local().clear();
			}
		}

		@Override
		public void resynchronize() {
			DefaultSwrCache.this.parts.local().clear();
		}

		@Override
		public void flushed(String glob) {
			PatternInvalidator.flushed(DefaultSwrCache.this.parts, glob);
		}

	}

	/**
	 * How many keys this cache listens to on the bus for loads and writes under way (for
	 * tests: none once they are done).
	 * @return the count
	 */
	int listenedKeys() {
		return this.parts.flights().ears().size();
	}

	@Override
	public PatternInvalidation invalidateMatching(String glob) {
		return PatternInvalidator.invalidate(this.parts, glob);
	}

	private ConsistencySampler<K, V> sampler(Type valueType, ManagerContext context, ConsistencySampling sampling) {
		ValueCodecFactory codecs = context.remoteOptions().codecs();
		ValueCodec<V> codec = ((codecs != null) ? codecs : ValueCodecFactory.defaults()).codecFor(valueType);
		ConsistencySampler<K, V> created = new ConsistencySampler<>(this, this.parts, codec, sampling, context.random(),
				this.refreshExecutor);
		long interval = sampling.interval().toMillis();
		context.maintenance().scheduleWithFixedDelay(created::schedulePass, interval, interval, TimeUnit.MILLISECONDS);
		return created;
	}

	/**
	 * The outcomes of this cache's consistency checks.
	 * @return the statistics, or {@code null} when the manager does not sample
	 */
	public @Nullable ConsistencyStatistics consistencyStatistics() {
		return (this.sampler != null) ? this.sampler.statistics() : null;
	}

	/**
	 * Checks up to {@code maxChecks} consistency candidates in the calling thread.
	 * @param maxChecks the most candidates to check
	 * @return the statistics after the pass
	 * @throws IllegalStateException when the manager does not sample
	 */
	public ConsistencyStatistics checkConsistency(int maxChecks) {
		ConsistencySampler<K, V> current = this.sampler;
		if (current == null) {
			throw new IllegalStateException("consistency sampling is off for cache '" + name() + "'");
		}
		current.check(maxChecks);
		return current.statistics();
	}

	/**
	 * Stores a value that a consistency check re-loaded, as {@link #put} does (every node
	 * hears of it), keeping the loader's tags and ttl; created when the re-load started,
	 * so that an invalidation during the check wins.
	 */
	void repair(K key, @Nullable V value, long loadStart, DefaultLoadContext<V> context) {
		if (value == null && !this.parts.policy().cacheNulls()) {
			invalidate(key);
			return;
		}
		CacheEntry<V> entry = this.parts.windows()
			.entry(value, loadStart, this.parts.clock().preciseNow(), context.ttlOverride(), context.tagArray());
		this.parts.flights().fence(key);
		putAndInstall(key, entry);
	}

	private final AtomicWrites<K, V> writes;

	@Override
	public @Nullable V update(K key, Function<? super @Nullable V, ? extends @Nullable V> function) {
		requireKey(key);
		Objects.requireNonNull(function, "function must not be null");
		return this.writes.write(key, (current) -> {
			V next = function.apply((current != null) ? current.value() : null);
			if (next != null) {
				return AtomicWrites.Change.store(next, (current != null) ? current.tags : CacheEntry.NO_TAGS, next);
			}
			return (current != null) ? AtomicWrites.Change.remove(null) : AtomicWrites.Change.none(null);
		});
	}

	@Override
	public @Nullable V putIfAbsent(K key, V value) {
		requireKey(key);
		Objects.requireNonNull(value, "value must not be null");
		return this.writes.<@Nullable V>write(key, (current) -> {
			if (current != null && current.value() != null) {
				return AtomicWrites.Change.none(current.value());
			}
			return AtomicWrites.Change.store(value, CacheEntry.NO_TAGS, null);
		});
	}

	@Override
	public boolean replace(K key, V value) {
		requireKey(key);
		Objects.requireNonNull(value, "value must not be null");
		return this.writes.write(key, (current) -> {
			if (current == null || current.value() == null) {
				return AtomicWrites.Change.none(false);
			}
			return AtomicWrites.Change.store(value, current.tags, true);
		});
	}

	@Override
	public CompletableFuture<Void> invalidateAsync(K key) {
		return invalidateAsync(key, this.parts.policy().softInvalidation());
	}

	private CompletableFuture<Void> invalidateAsync(K key, boolean soft) {
		requireKey(key);
		if (soft) {
			// The entry stays (here and in the shared tier) as a fail-safe value only;
			// loads under way are fenced as for a delete.
			this.parts.flights().fence(key);
			this.writes.fence(key);
			this.parts.local().soften(key);
			this.parts.counters().evictions.increment();
			return settled(this.parts.remote().softInvalidate(key), () -> {
				this.parts.flights().fence(key);
				this.parts.local().soften(key);
			});
		}
		this.parts.flights().fence(key);
		this.writes.fence(key);
		this.parts.local().remove(key);
		this.parts.counters().evictions.increment();
		return settled(this.parts.remote().invalidate(key), () -> {
			// A load here that read the shared value before the delete landed must not
			// install it now.
			this.parts.flights().fence(key);
			this.parts.local().remove(key);
		});
	}

	@Override
	public CompletableFuture<Void> invalidateTagAsync(String tag) {
		Tags.require(tag);
		long now = this.parts.clock().preciseNow();
		this.parts.marks().markTag(tag, now, this.pipeline.markHorizon(now));
		return settled(this.parts.remote().invalidateTag(tag, now), () -> {
		});
	}

	@Override
	public CompletableFuture<Void> invalidateAllAsync() {
		long now = this.parts.clock().preciseNow();
		this.parts.marks().markAll(now);
		this.parts.flights().fenceAll();
		this.writes.fenceAll();
		if (!this.parts.policy().softInvalidation()) {
			this.parts.local().clear();
		}
		return settled(this.parts.remote().invalidateAll(now), () -> {
		});
	}

	/**
	 * The completion of an invalidation sent to the shared tier: normal once Redis has
	 * it, or once it failed (counted) and waits among the pending invalidations to be
	 * sent again.
	 */
	private CompletableFuture<Void> settled(CompletableFuture<Void> remote, Runnable afterRemote) {
		return remote.handle((done, error) -> {
			if (error != null) {
				this.parts.counters().remoteError(LoadPipeline.unwrap(error));
			}
			afterRemote.run();
			return null;
		});
	}

}
