package io.github.swrcache.core;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The time windows and load rules of one cache. Immutable and thread-safe; build one with
 * {@link #builder()}, which validates every value eagerly.
 *
 * <pre>
 *  written          fresh until            stale until               error until
 *     |---- ttl ----|-- stale-while-revalidate --|---- stale-if-error ----|
 * </pre>
 */
public final class CachePolicy {

	/** Default {@code ttl}: how long an entry is fresh. */
	public static final Duration DEFAULT_TTL = Duration.ofMinutes(1);

	/**
	 * Default {@code stale-while-revalidate}: how long a stale entry is served at once.
	 */
	public static final Duration DEFAULT_STALE_WHILE_REVALIDATE = Duration.ofMinutes(5);

	/** Default {@code stale-if-error}: how long an entry is kept as a fail-safe value. */
	public static final Duration DEFAULT_STALE_IF_ERROR = Duration.ofHours(1);

	/** Default ttl jitter: a fraction of {@code ttl} added or removed at random. */
	public static final double DEFAULT_JITTER = 0.1;

	/** Default for early refresh (XFetch) of entries still fresh. */
	public static final boolean DEFAULT_EARLY_REFRESH = false;

	/** Default XFetch beta: above 1 refreshes earlier, below 1 later. */
	public static final double DEFAULT_EARLY_REFRESH_BETA = 1.0;

	/**
	 * Default soft load timeout: after it, a caller that has a fail-safe value gets it
	 * while the load goes on.
	 */
	public static final Duration DEFAULT_LOAD_TIMEOUT = Duration.ofSeconds(1);

	/**
	 * Default hard load timeout: none, callers without a fallback wait for the loader.
	 */
	public static final @Nullable Duration DEFAULT_LOAD_HARD_TIMEOUT = null;

	/**
	 * Default time a key is not reloaded after a load failed and a fallback was served.
	 */
	public static final Duration DEFAULT_FAIL_SAFE_THROTTLE = Duration.ofSeconds(30);

	/** Default for caching a loader's {@code null} result. */
	public static final boolean DEFAULT_CACHE_NULLS = false;

	/** Default time a cached {@code null} stays fresh. */
	public static final Duration DEFAULT_NULL_TTL = Duration.ofSeconds(30);

	/** Default for soft invalidation: off, an invalidated value is never served again. */
	public static final boolean DEFAULT_SOFT_INVALIDATION = false;

	private static final CachePolicy DEFAULTS = builder().build();

	private final Duration ttl;

	private final Duration staleWhileRevalidate;

	private final Duration staleIfError;

	private final double jitter;

	private final boolean earlyRefresh;

	private final double earlyRefreshBeta;

	private final @Nullable Duration loadTimeout;

	private final @Nullable Duration loadHardTimeout;

	private final Duration failSafeThrottle;

	private final boolean cacheNulls;

	private final Duration nullTtl;

	private final boolean softInvalidation;

	private CachePolicy(Builder builder) {
		this.ttl = builder.ttl;
		this.staleWhileRevalidate = builder.staleWhileRevalidate;
		this.staleIfError = builder.staleIfError;
		this.jitter = builder.jitter;
		this.earlyRefresh = builder.earlyRefresh;
		this.earlyRefreshBeta = builder.earlyRefreshBeta;
		this.loadTimeout = builder.loadTimeout;
		this.loadHardTimeout = builder.loadHardTimeout;
		this.failSafeThrottle = builder.failSafeThrottle;
		this.cacheNulls = builder.cacheNulls;
		this.nullTtl = builder.nullTtl;
		this.softInvalidation = builder.softInvalidation;
	}

	/**
	 * The policy with every default.
	 * @return the default policy
	 */
	public static CachePolicy defaults() {
		return DEFAULTS;
	}

	/**
	 * A builder that starts from the defaults.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * A builder that starts from this policy.
	 * @return a new builder
	 */
	public Builder mutate() {
		return new Builder(this);
	}

	/**
	 * How long an entry is fresh.
	 * @return the ttl
	 */
	public Duration ttl() {
		return this.ttl;
	}

	/**
	 * How long after {@code ttl} a stale entry is served at once while one refresh runs.
	 * @return the stale-while-revalidate window
	 */
	public Duration staleWhileRevalidate() {
		return this.staleWhileRevalidate;
	}

	/**
	 * How long after the stale window an entry is kept as a fail-safe value.
	 * @return the stale-if-error window
	 */
	public Duration staleIfError() {
		return this.staleIfError;
	}

	/**
	 * The fraction of {@code ttl} added or removed at random.
	 * @return the jitter, in [0, 1)
	 */
	public double jitter() {
		return this.jitter;
	}

	/**
	 * Whether fresh entries are refreshed early (XFetch).
	 * @return whether early refresh is on
	 */
	public boolean earlyRefresh() {
		return this.earlyRefresh;
	}

	/**
	 * XFetch's beta.
	 * @return the beta
	 */
	public double earlyRefreshBeta() {
		return this.earlyRefreshBeta;
	}

	/**
	 * The soft load timeout.
	 * @return the soft timeout, or {@code null} for none
	 */
	public @Nullable Duration loadTimeout() {
		return this.loadTimeout;
	}

	/**
	 * The hard load timeout.
	 * @return the hard timeout, or {@code null} for none
	 */
	public @Nullable Duration loadHardTimeout() {
		return this.loadHardTimeout;
	}

	/**
	 * How long a key is not reloaded after a failed load served a fail-safe value.
	 * @return the throttle
	 */
	public Duration failSafeThrottle() {
		return this.failSafeThrottle;
	}

	/**
	 * Whether a loader's {@code null} result is cached.
	 * @return whether nulls are cached
	 */
	public boolean cacheNulls() {
		return this.cacheNulls;
	}

	/**
	 * How long a cached {@code null} stays fresh.
	 * @return the null ttl
	 */
	public Duration nullTtl() {
		return this.nullTtl;
	}

	/**
	 * Whether an invalidated value is kept as a fail-safe value while it is reloaded.
	 * @return whether soft invalidation is on
	 * @see Builder#softInvalidation(boolean)
	 */
	public boolean softInvalidation() {
		return this.softInvalidation;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		if (this == other) {
			return true;
		}
		if (!(other instanceof CachePolicy that)) {
			return false;
		}
		return this.ttl.equals(that.ttl) && this.staleWhileRevalidate.equals(that.staleWhileRevalidate)
				&& this.staleIfError.equals(that.staleIfError) && this.jitter == that.jitter
				&& this.earlyRefresh == that.earlyRefresh && this.earlyRefreshBeta == that.earlyRefreshBeta
				&& Objects.equals(this.loadTimeout, that.loadTimeout)
				&& Objects.equals(this.loadHardTimeout, that.loadHardTimeout)
				&& this.failSafeThrottle.equals(that.failSafeThrottle) && this.cacheNulls == that.cacheNulls
				&& this.nullTtl.equals(that.nullTtl) && this.softInvalidation == that.softInvalidation;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.ttl, this.staleWhileRevalidate, this.staleIfError, this.jitter, this.earlyRefresh,
				this.earlyRefreshBeta, this.loadTimeout, this.loadHardTimeout, this.failSafeThrottle, this.cacheNulls,
				this.nullTtl, this.softInvalidation);
	}

	@Override
	public String toString() {
		return "CachePolicy[ttl=" + this.ttl + ", staleWhileRevalidate=" + this.staleWhileRevalidate + ", staleIfError="
				+ this.staleIfError + ", jitter=" + this.jitter + ", earlyRefresh=" + this.earlyRefresh
				+ ", earlyRefreshBeta=" + this.earlyRefreshBeta + ", loadTimeout=" + this.loadTimeout
				+ ", loadHardTimeout=" + this.loadHardTimeout + ", failSafeThrottle=" + this.failSafeThrottle
				+ ", cacheNulls=" + this.cacheNulls + ", nullTtl=" + this.nullTtl + ", softInvalidation="
				+ this.softInvalidation + "]";
	}

	/**
	 * Builds a {@link CachePolicy}. Each setter validates its argument at once and names
	 * the field and the rejected value in the {@link IllegalArgumentException}.
	 */
	public static final class Builder {

		private Duration ttl = DEFAULT_TTL;

		private Duration staleWhileRevalidate = DEFAULT_STALE_WHILE_REVALIDATE;

		private Duration staleIfError = DEFAULT_STALE_IF_ERROR;

		private double jitter = DEFAULT_JITTER;

		private boolean earlyRefresh = DEFAULT_EARLY_REFRESH;

		private double earlyRefreshBeta = DEFAULT_EARLY_REFRESH_BETA;

		private @Nullable Duration loadTimeout = DEFAULT_LOAD_TIMEOUT;

		private @Nullable Duration loadHardTimeout = DEFAULT_LOAD_HARD_TIMEOUT;

		private Duration failSafeThrottle = DEFAULT_FAIL_SAFE_THROTTLE;

		private boolean cacheNulls = DEFAULT_CACHE_NULLS;

		private Duration nullTtl = DEFAULT_NULL_TTL;

		private boolean softInvalidation = DEFAULT_SOFT_INVALIDATION;

		private Builder() {
		}

		private Builder(CachePolicy policy) {
			this.ttl = policy.ttl;
			this.staleWhileRevalidate = policy.staleWhileRevalidate;
			this.staleIfError = policy.staleIfError;
			this.jitter = policy.jitter;
			this.earlyRefresh = policy.earlyRefresh;
			this.earlyRefreshBeta = policy.earlyRefreshBeta;
			this.loadTimeout = policy.loadTimeout;
			this.loadHardTimeout = policy.loadHardTimeout;
			this.failSafeThrottle = policy.failSafeThrottle;
			this.cacheNulls = policy.cacheNulls;
			this.nullTtl = policy.nullTtl;
			this.softInvalidation = policy.softInvalidation;
		}

		/**
		 * Sets how long an entry is fresh.
		 * @param ttl a positive duration
		 * @return this builder
		 */
		public Builder ttl(Duration ttl) {
			this.ttl = Checks.positive("ttl", ttl);
			return this;
		}

		/**
		 * Sets how long after {@code ttl} a stale entry is served at once while one
		 * refresh runs.
		 * @param staleWhileRevalidate zero or a positive duration
		 * @return this builder
		 */
		public Builder staleWhileRevalidate(Duration staleWhileRevalidate) {
			this.staleWhileRevalidate = Checks.notNegative("staleWhileRevalidate", staleWhileRevalidate);
			return this;
		}

		/**
		 * Sets how long after the stale window an entry is kept, served only when a load
		 * fails or times out.
		 * @param staleIfError zero or a positive duration
		 * @return this builder
		 */
		public Builder staleIfError(Duration staleIfError) {
			this.staleIfError = Checks.notNegative("staleIfError", staleIfError);
			return this;
		}

		/**
		 * Sets the fraction of {@code ttl} added or removed at random, so that entries
		 * written together do not expire together.
		 * @param jitter from 0 (none) up to, not including, 1
		 * @return this builder
		 */
		public Builder jitter(double jitter) {
			if (!(jitter >= 0 && jitter < 1)) {
				throw new IllegalArgumentException("jitter must be in [0, 1), was " + jitter);
			}
			this.jitter = jitter;
			return this;
		}

		/**
		 * Sets whether fresh entries are refreshed early, with a probability rising as
		 * {@code ttl} nears its end (XFetch).
		 * @param earlyRefresh whether to refresh early
		 * @return this builder
		 */
		public Builder earlyRefresh(boolean earlyRefresh) {
			this.earlyRefresh = earlyRefresh;
			return this;
		}

		/**
		 * Sets XFetch's beta: above 1 refreshes earlier, below 1 later.
		 * @param beta a positive number
		 * @return this builder
		 */
		public Builder earlyRefreshBeta(double beta) {
			if (!(beta > 0) || Double.isInfinite(beta)) {
				throw new IllegalArgumentException("earlyRefreshBeta must be a positive finite number, was " + beta);
			}
			this.earlyRefreshBeta = beta;
			return this;
		}

		/**
		 * Sets the soft load timeout: a caller that waits for a load and has a fail-safe
		 * value gets it after this time, while the load goes on and stores its result.
		 * @param loadTimeout a positive duration, or {@code null} for none
		 * @return this builder
		 */
		public Builder loadTimeout(@Nullable Duration loadTimeout) {
			this.loadTimeout = (loadTimeout != null) ? Checks.positive("loadTimeout", loadTimeout) : null;
			return this;
		}

		/**
		 * Sets the hard load timeout: a caller stops waiting for a load after this time
		 * and gets its fail-safe value, or a {@link SwrLoadException} without one.
		 * @param loadHardTimeout a positive duration, or {@code null} for none
		 * @return this builder
		 */
		public Builder loadHardTimeout(@Nullable Duration loadHardTimeout) {
			this.loadHardTimeout = (loadHardTimeout != null) ? Checks.positive("loadHardTimeout", loadHardTimeout)
					: null;
			return this;
		}

		/**
		 * Sets how long a key is not reloaded after its load failed and a fail-safe value
		 * was served.
		 * @param failSafeThrottle zero or a positive duration
		 * @return this builder
		 */
		public Builder failSafeThrottle(Duration failSafeThrottle) {
			this.failSafeThrottle = Checks.notNegative("failSafeThrottle", failSafeThrottle);
			return this;
		}

		/**
		 * Sets whether a loader's {@code null} result is cached for {@code nullTtl}.
		 * @param cacheNulls whether to cache nulls
		 * @return this builder
		 */
		public Builder cacheNulls(boolean cacheNulls) {
			this.cacheNulls = cacheNulls;
			return this;
		}

		/**
		 * Sets how long a cached {@code null} stays fresh; it has no stale windows.
		 * @param nullTtl a positive duration
		 * @return this builder
		 */
		public Builder nullTtl(Duration nullTtl) {
			this.nullTtl = Checks.positive("nullTtl", nullTtl);
			return this;
		}

		/**
		 * Sets whether an invalidated value is kept as a fail-safe value while it is
		 * reloaded (DESIGN.md §5). Off by default: a value invalidated by key, tag or
		 * clear is never served again, not even when its reload fails.
		 * <p>
		 * On: an invalidated value is still never served as fresh or stale, so the next
		 * read reloads it (with the usual single flight and distributed lock). Only if
		 * that reload fails or times out is the invalidated value served, as a fail-safe
		 * value (counted as such, and the key is not retried for
		 * {@code failSafeThrottle}), and only until the end of its {@code stale-if-error}
		 * window. The loader is not shown it as {@link LoadContext#staleValue()}.
		 * <p>
		 * Where the value is kept: a tag or clear invalidation only records its mark, so
		 * every node keeps its in-process copy, invalid by the mark, as the fallback. A
		 * key invalidation rewrites the entry's fresh and stale ends to its creation time
		 * (in-process and in the shared tier, where the error end and the Redis TTL are
		 * kept) instead of deleting it, and still deletes the key's lock, so a load in
		 * progress is fenced as before; every node, even one that never held the value,
		 * then finds it in the shared tier as an error-window-only entry. A {@code put}
		 * of {@code null} (without {@code cacheNulls}), a loader's {@code null} and
		 * {@code invalidateMatching} still delete, as does a key invalidation that had to
		 * be queued while the shared tier was unreachable.
		 * @param softInvalidation whether to keep invalidated values for fail-safe use
		 * @return this builder
		 */
		public Builder softInvalidation(boolean softInvalidation) {
			this.softInvalidation = softInvalidation;
			return this;
		}

		/**
		 * Builds the policy.
		 * @return the immutable policy
		 * @throws IllegalArgumentException when {@code loadHardTimeout} is shorter than
		 * {@code loadTimeout}
		 */
		public CachePolicy build() {
			if (this.loadTimeout != null && this.loadHardTimeout != null
					&& this.loadHardTimeout.compareTo(this.loadTimeout) < 0) {
				throw new IllegalArgumentException("loadHardTimeout must not be shorter than loadTimeout ("
						+ this.loadTimeout + "), was " + this.loadHardTimeout);
			}
			return new CachePolicy(this);
		}

	}

}
