package io.github.swrcache.spring.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.github.swrcache.core.CacheLookup;
import io.github.swrcache.core.CachePolicy;
import io.github.swrcache.core.CacheStatistics;
import io.github.swrcache.core.ConsistencyStatistics;
import io.github.swrcache.core.EntryState;
import io.github.swrcache.core.PatternInvalidation;
import io.github.swrcache.core.RemoteStatus;
import io.github.swrcache.core.SwrCache;
import io.github.swrcache.core.SwrCacheManager;
import io.github.swrcache.core.warmup.WarmUpRunner;
import io.github.swrcache.core.warmup.WarmUpStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code swrcache} Actuator endpoint. Over HTTP:
 * <ul>
 * <li>{@code GET /actuator/swrcache}: node id, Redis mode, every cache's policy and
 * statistics (and consistency checks when sampling is on), and the state of each cache
 * warmer ({@code warmUp});</li>
 * <li>{@code GET /actuator/swrcache/{cache}}: one cache (404 when unknown);</li>
 * <li>{@code GET /actuator/swrcache/{cache}/{key}}: one key's metadata: state, tier,
 * times, age and tags, never the value (404 when the cache is unknown);</li>
 * <li>{@code DELETE /actuator/swrcache/{cache}/{key}}: evicts a key;</li>
 * <li>{@code DELETE /actuator/swrcache/{cache}}: clears a cache;</li>
 * <li>{@code DELETE /actuator/swrcache/{cache}/tags/{tag}}: invalidates every entry that
 * carries the tag;</li>
 * <li>{@code POST /actuator/swrcache/{cache}} with a JSON body {@code {"pattern":
 * "user:1*"}}: deletes every entry whose key id matches the Redis glob (see
 * {@link SwrCache#invalidateMatching(String)}) and returns the counts; 400 for a glob
 * that is blank, too long or incomplete.</li>
 * </ul>
 * Keys are given as text; a key that is a whole number is also looked up (and evicted) as
 * a {@code Long}, the type of {@code #id} for a {@code long id} argument. Every change
 * reaches every node. Like every Actuator write operation, the deletions are reachable
 * only when the endpoint is exposed and access allows it.
 */
@Endpoint(id = "swrcache")
public class SwrCacheEndpoint {

	private final SwrCacheManager manager;

	private final String redisMode;

	private final @Nullable WarmUpRunner warmUp;

	/**
	 * Creates an endpoint.
	 * @param manager the cache manager
	 * @param redisMode how Redis is used, such as {@code standalone}, or {@code none}
	 */
	public SwrCacheEndpoint(SwrCacheManager manager, String redisMode) {
		this(manager, redisMode, null);
	}

	/**
	 * Creates an endpoint that also shows the warm-up.
	 * @param manager the cache manager
	 * @param redisMode how Redis is used, such as {@code standalone}, or {@code none}
	 * @param warmUp the warm-up runner, or {@code null} when warm-up is off
	 */
	public SwrCacheEndpoint(SwrCacheManager manager, String redisMode, @Nullable WarmUpRunner warmUp) {
		this.manager = manager;
		this.redisMode = redisMode;
		this.warmUp = warmUp;
	}

	/**
	 * Describes the node and every cache.
	 * @return the report
	 */
	@ReadOperation
	public CachesDescriptor caches() {
		Map<String, CacheDescriptor> caches = new TreeMap<>();
		for (String name : List.copyOf(this.manager.cacheNames())) {
			SwrCache<?, ?> cache = this.manager.getCache(name);
			if (cache != null) {
				caches.put(name, describe(cache));
			}
		}
		return new CachesDescriptor(this.manager.nodeId(),
				new RedisDescriptor(!"none".equals(this.redisMode), this.redisMode, this.manager.remoteStatus()),
				caches, (this.warmUp != null) ? this.warmUp.status() : List.of());
	}

	/**
	 * Describes one cache.
	 * @param cache the cache name
	 * @return the cache, or {@code null} (404) when unknown
	 */
	@ReadOperation
	public @Nullable CacheDescriptor cache(@Selector String cache) {
		SwrCache<?, ?> found = this.manager.getCache(cache);
		return (found != null) ? describe(found) : null;
	}

	/**
	 * Describes one key's entry, without its value.
	 * @param cache the cache name
	 * @param key the key, as text
	 * @return the entry, or {@code null} (404) when the cache is unknown
	 */
	@ReadOperation
	public @Nullable EntryDescriptor entry(@Selector String cache, @Selector String key) {
		SwrCache<Object, ?> found = find(cache);
		if (found == null) {
			return null;
		}
		Long number = asLong(key);
		CacheLookup<?> lookup = (number != null) ? found.peek(number) : found.peek(key);
		if (lookup.state() == EntryState.ABSENT && number != null) {
			lookup = found.peek(key);
		}
		Instant created = lookup.createdAt();
		return new EntryDescriptor(key, lookup.state(), lookup.tier().name(), created, lookup.freshUntil(),
				lookup.staleUntil(), lookup.errorUntil(),
				(created != null) ? Duration.between(created, Instant.now()) : null, lookup.tags());
	}

	/**
	 * Evicts one key on every node.
	 * @param cache the cache name
	 * @param key the key, as text
	 * @return {@code true}, or {@code null} (nothing done, 204) when the cache is unknown
	 */
	@DeleteOperation
	public @Nullable Boolean evict(@Selector String cache, @Selector String key) {
		SwrCache<Object, ?> found = find(cache);
		if (found == null) {
			return null;
		}
		found.invalidate(key);
		Long number = asLong(key);
		if (number != null) {
			found.invalidate(number);
		}
		return Boolean.TRUE;
	}

	/**
	 * Invalidates every entry of a cache on every node.
	 * @param cache the cache name
	 * @return {@code true}, or {@code null} (nothing done, 204) when the cache is unknown
	 */
	@DeleteOperation
	public @Nullable Boolean clear(@Selector String cache) {
		SwrCache<Object, ?> found = find(cache);
		if (found == null) {
			return null;
		}
		found.invalidateAll();
		return Boolean.TRUE;
	}

	/**
	 * Invalidates every entry of a cache that carries a tag, on every node: {@code DELETE
	 * /actuator/swrcache/{cache}/tags/{tag}}.
	 * @param cache the cache name
	 * @param segment the literal {@code tags}
	 * @param tag the tag
	 * @return {@code true}, or {@code null} (nothing done, 204) when the cache is unknown
	 * or the middle segment is not {@code tags}
	 */
	@DeleteOperation
	public @Nullable Boolean invalidateTag(@Selector String cache, @Selector String segment, @Selector String tag) {
		SwrCache<Object, ?> found = find(cache);
		if (found == null || !"tags".equals(segment)) {
			return null;
		}
		found.invalidateTag(tag);
		return Boolean.TRUE;
	}

	@SuppressWarnings("unchecked")
	private @Nullable SwrCache<Object, ?> find(String name) {
		return (SwrCache<Object, ?>) this.manager.getCache(name);
	}

	private static @Nullable Long asLong(String key) {
		try {
			return Long.valueOf(key);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private CacheDescriptor describe(SwrCache<?, ?> cache) {
		CacheStatistics statistics = cache.statistics();
		double ratio = statistics.hitRatio();
		return new CacheDescriptor(cache.name(), PolicyDescriptor.of(cache.policy()), statistics,
				Double.isNaN(ratio) ? null : ratio, statistics.averageLoadTime(), statistics.localSize(),
				ConsistencyDescriptor.of(this.manager.consistencyChecks().statistics(cache.name())));
	}

	/**
	 * The node and its caches.
	 *
	 * @param nodeId this node's id on the invalidation bus
	 * @param redis how Redis is used
	 * @param caches the caches by name
	 * @param warmUp the latest pass of each cache warmer, empty when there is none
	 */
	public record CachesDescriptor(String nodeId, RedisDescriptor redis, Map<String, CacheDescriptor> caches,
			List<WarmUpStatus> warmUp) {
	}

	/**
	 * How Redis is used.
	 *
	 * @param enabled whether the caches are shared through Redis
	 * @param status connection, circuit breaker and bus state, pending invalidations
	 * @param mode {@code standalone}, {@code sentinel}, {@code cluster} or {@code none}
	 */
	public record RedisDescriptor(boolean enabled, String mode, RemoteStatus status) {
	}

	/**
	 * One cache.
	 *
	 * @param name the name
	 * @param policy its policy
	 * @param statistics its counters per tier
	 * @param hitRatio hits over reads, {@code null} before the first read
	 * @param averageLoadTime mean time of a load
	 * @param localSize entries in the in-process tier
	 * @param consistency the consistency checks, {@code null} when sampling is off
	 */
	public record CacheDescriptor(String name, PolicyDescriptor policy, CacheStatistics statistics,
			@Nullable Double hitRatio, Duration averageLoadTime, long localSize,
			@Nullable ConsistencyDescriptor consistency) {
	}

	/**
	 * A cache policy.
	 *
	 * @param ttl fresh window
	 * @param staleWhileRevalidate stale window
	 * @param staleIfError fail-safe window
	 * @param jitter ttl jitter
	 * @param earlyRefresh whether early refresh is on
	 * @param earlyRefreshBeta how eagerly early refresh refreshes (XFetch's beta)
	 * @param loadTimeout soft load timeout
	 * @param loadHardTimeout hard load timeout
	 * @param failSafeThrottle fail-safe throttle
	 * @param cacheNulls whether nulls are cached
	 * @param nullTtl fresh window of a null
	 * @param softInvalidation whether an invalidation keeps the entry as a fail-safe
	 * value
	 */
	public record PolicyDescriptor(Duration ttl, Duration staleWhileRevalidate, Duration staleIfError, double jitter,
			boolean earlyRefresh, double earlyRefreshBeta, @Nullable Duration loadTimeout,
			@Nullable Duration loadHardTimeout, Duration failSafeThrottle, boolean cacheNulls, Duration nullTtl,
			boolean softInvalidation) {

		static PolicyDescriptor of(CachePolicy policy) {
			return new PolicyDescriptor(policy.ttl(), policy.staleWhileRevalidate(), policy.staleIfError(),
					policy.jitter(), policy.earlyRefresh(), policy.earlyRefreshBeta(), policy.loadTimeout(),
					policy.loadHardTimeout(), policy.failSafeThrottle(), policy.cacheNulls(), policy.nullTtl(),
					policy.softInvalidation());
		}

	}

	/**
	 * One key's entry, without its value.
	 *
	 * @param key the key
	 * @param state FRESH, STALE or ABSENT
	 * @param tier where it was found: LOCAL, REMOTE or NONE
	 * @param createdAt when the load that produced it started
	 * @param freshUntil end of the ttl
	 * @param staleUntil end of the stale window
	 * @param errorUntil end of the fail-safe window
	 * @param age time since {@code createdAt}
	 * @param tags its tags
	 */
	public record EntryDescriptor(String key, EntryState state, String tier, @Nullable Instant createdAt,
			@Nullable Instant freshUntil, @Nullable Instant staleUntil, @Nullable Instant errorUntil,
			@Nullable Duration age, Set<String> tags) {
	}

	/**
	 * Deletes every entry of a cache whose key id matches a Redis glob, on every node:
	 * {@code POST /actuator/swrcache/{cache}} with {@code {"pattern": "..."}}.
	 * @param cache the cache name
	 * @param pattern the glob over key ids
	 * @return the counts, or {@code null} (nothing done, 204) when the cache is unknown
	 * @throws InvalidEndpointRequestException (400) when the glob is not accepted
	 */
	@WriteOperation
	public @Nullable PatternInvalidation invalidateMatching(@Selector String cache, String pattern) {
		SwrCache<Object, ?> found = find(cache);
		if (found == null) {
			return null;
		}
		try {
			return found.invalidateMatching(pattern);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), ex.getMessage());
		}
	}

	/**
	 * The consistency checks of one cache (see {@code swr.cache.consistency.*}).
	 *
	 * @param matches checks that found the served value right
	 * @param drifts checks that found it drifted from the source
	 * @param errors checks whose re-load failed
	 * @param skipped candidates not compared (no longer fresh, or changed meanwhile)
	 * @param repairs drifted entries replaced with the re-loaded value
	 * @param candidates candidates waiting for a check
	 * @param driftRatio {@code drifts / (matches + drifts)} since start, 0 before the
	 * first
	 */
	public record ConsistencyDescriptor(long matches, long drifts, long errors, long skipped, long repairs,
			int candidates, double driftRatio) {

		static @Nullable ConsistencyDescriptor of(@Nullable ConsistencyStatistics statistics) {
			return (statistics != null) ? new ConsistencyDescriptor(statistics.matches(), statistics.drifts(),
					statistics.errors(), statistics.skipped(), statistics.repairs(), statistics.candidates(),
					statistics.driftRatio()) : null;
		}

	}

}
