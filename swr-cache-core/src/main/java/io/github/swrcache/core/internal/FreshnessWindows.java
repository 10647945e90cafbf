package io.github.swrcache.core.internal;

import java.time.Duration;
import java.util.random.RandomGenerator;

import io.github.swrcache.core.CachePolicy;
import org.jspecify.annotations.Nullable;

/**
 * Computes the windows of a new entry from a {@link CachePolicy}: {@code ttl} with
 * jitter, then {@code stale-while-revalidate}, then {@code stale-if-error}. A cached null
 * is fresh for {@code null-ttl} and has no stale windows.
 */
final class FreshnessWindows {

	private final CachePolicy policy;

	private final RandomGenerator random;

	private final long staleMillis;

	private final long errorMillis;

	FreshnessWindows(CachePolicy policy, RandomGenerator random) {
		this.policy = policy;
		this.random = random;
		this.staleMillis = policy.staleWhileRevalidate().toMillis();
		this.errorMillis = policy.staleIfError().toMillis();
	}

	/**
	 * Creates the entry of a value loaded from {@code loadStart} to {@code now}.
	 * @param value the value
	 * @param loadStart when the load started: the entry's creation time
	 * @param now when the load ended: the windows start here
	 * @param ttl the loader's ttl override, or {@code null} for the policy's
	 * @param tags the entry's tags
	 * @param <V> the value type
	 * @return the entry
	 */
	<V> CacheEntry<V> entry(@Nullable V value, long loadStart, long now, @Nullable Duration ttl, String[] tags) {
		long loadMillis = Math.max(0, now - loadStart);
		if (value == null) {
			long until = now + this.policy.nullTtl().toMillis();
			return new CacheEntry<>(null, loadStart, until, until, until, loadMillis, tags);
		}
		long freshUntil = now + jittered((ttl != null) ? ttl : this.policy.ttl());
		long staleUntil = freshUntil + this.staleMillis;
		return new CacheEntry<>(value, loadStart, freshUntil, staleUntil, staleUntil + this.errorMillis, loadMillis,
				tags);
	}

	/**
	 * The longest time an entry of this policy lives with the given ttl.
	 * @param ttl the ttl
	 * @return milliseconds from write to the end of {@code stale-if-error}
	 */
	long lifetimeMillis(Duration ttl) {
		return (long) Math.ceil(ttl.toMillis() * (1 + this.policy.jitter())) + this.staleMillis + this.errorMillis;
	}

	private long jittered(Duration ttl) {
		long millis = ttl.toMillis();
		double jitter = this.policy.jitter();
		if (jitter == 0) {
			return millis;
		}
		double factor = 1 + jitter * (2 * this.random.nextDouble() - 1);
		return Math.max(1, Math.round(millis * factor));
	}

}
