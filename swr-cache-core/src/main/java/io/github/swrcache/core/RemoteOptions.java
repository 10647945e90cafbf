package io.github.swrcache.core;

import java.time.Duration;
import java.util.Objects;

import io.github.swrcache.core.codec.ValueCodecFactory;
import org.jspecify.annotations.Nullable;

/**
 * How a manager uses its shared Redis tier. Immutable; build one with {@link #builder()},
 * which validates every value at once.
 */
public final class RemoteOptions {

	/** Default first part of every Redis key and of the bus channel. */
	public static final String DEFAULT_KEY_PREFIX = "swr";

	/** Default limit of each Redis command. */
	public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(250);

	/** Default lease of a key's distributed lock; a slower load renews it. */
	public static final Duration DEFAULT_LOCK_LEASE = Duration.ofSeconds(10);

	/** Default wait for another node's load of a locked key. */
	public static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(1);

	/** Default reaction when the lock wait ends without a value. */
	public static final OnLockTimeout DEFAULT_ON_LOCK_TIMEOUT = OnLockTimeout.LOAD;

	/** Default largest stored entry; larger ones stay in-process. */
	public static final int DEFAULT_MAX_VALUE_SIZE = 1024 * 1024;

	/** Default size from which payloads are compressed; 0 turns compression off. */
	public static final int DEFAULT_COMPRESSION_THRESHOLD = 0;

	/** Default bound of the invalidations per cache kept while Redis is unreachable. */
	public static final int DEFAULT_MAX_PENDING_INVALIDATIONS = 10_000;

	/** Default version part of keys; bumping it orphans every old entry. */
	public static final int DEFAULT_KEY_VERSION = 1;

	private static final RemoteOptions DEFAULTS = builder().build();

	private final String keyPrefix;

	private final Duration commandTimeout;

	private final Duration lockLease;

	private final Duration lockWait;

	private final OnLockTimeout onLockTimeout;

	private final int maxValueSize;

	private final int compressionThreshold;

	private final int keyVersion;

	private final boolean clockSync;

	private final CircuitBreakerSettings circuitBreaker;

	private final int maxPendingInvalidations;

	private final @Nullable ValueCodecFactory codecs;

	private final boolean retryReads;

	private RemoteOptions(Builder builder) {
		this.keyPrefix = builder.keyPrefix;
		this.commandTimeout = builder.commandTimeout;
		this.lockLease = builder.lockLease;
		this.lockWait = builder.lockWait;
		this.onLockTimeout = builder.onLockTimeout;
		this.maxValueSize = builder.maxValueSize;
		this.compressionThreshold = builder.compressionThreshold;
		this.keyVersion = builder.keyVersion;
		this.clockSync = builder.clockSync;
		this.circuitBreaker = builder.circuitBreaker;
		this.maxPendingInvalidations = builder.maxPendingInvalidations;
		this.codecs = builder.codecs;
		this.retryReads = builder.retryReads;
	}

	/**
	 * The options with every default.
	 * @return the defaults
	 */
	public static RemoteOptions defaults() {
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
	 * The first part of every Redis key and of the bus channel.
	 * @return the key prefix
	 */
	public String keyPrefix() {
		return this.keyPrefix;
	}

	/**
	 * The limit of each Redis command.
	 * @return the command timeout
	 */
	public Duration commandTimeout() {
		return this.commandTimeout;
	}

	/**
	 * The lease of a key's distributed lock.
	 * @return the lease
	 */
	public Duration lockLease() {
		return this.lockLease;
	}

	/**
	 * How long a caller waits for another node's load of a locked key.
	 * @return the lock wait
	 */
	public Duration lockWait() {
		return this.lockWait;
	}

	/**
	 * What a caller does when the lock wait ends without a value.
	 * @return the reaction
	 */
	public OnLockTimeout onLockTimeout() {
		return this.onLockTimeout;
	}

	/**
	 * The largest stored entry in bytes.
	 * @return the size limit
	 */
	public int maxValueSize() {
		return this.maxValueSize;
	}

	/**
	 * The payload size from which payloads are compressed, 0 for never.
	 * @return the threshold in bytes
	 */
	public int compressionThreshold() {
		return this.compressionThreshold;
	}

	/**
	 * The version part of keys.
	 * @return the key version
	 */
	public int keyVersion() {
		return this.keyVersion;
	}

	/**
	 * Whether times are taken on the Redis server's clock (an offset measured with
	 * {@code TIME}).
	 * @return whether the clock is synchronized
	 */
	public boolean clockSync() {
		return this.clockSync;
	}

	/**
	 * The circuit breaker in front of Redis.
	 * @return the circuit breaker settings
	 */
	public CircuitBreakerSettings circuitBreaker() {
		return this.circuitBreaker;
	}

	/**
	 * How many invalidations per cache wait for Redis to come back; beyond that they are
	 * replaced by one whole-cache invalidation.
	 * @return the bound
	 */
	public int maxPendingInvalidations() {
		return this.maxPendingInvalidations;
	}

	/**
	 * The codecs of cached values, or {@code null} for
	 * {@link ValueCodecFactory#defaults()}.
	 * @return the codec factory
	 */
	public @Nullable ValueCodecFactory codecs() {
		return this.codecs;
	}

	/**
	 * Whether an idempotent read (an entry, many entries, the marks, a miss-check that
	 * takes the lock with this load's token) that failed because its connection was reset
	 * or closed is sent once more, if the command timeout leaves time for it. Timeouts
	 * and error replies are never retried.
	 * @return whether reads are retried once
	 */
	public boolean retryReads() {
		return this.retryReads;
	}

	/**
	 * Builds {@link RemoteOptions}.
	 */
	public static final class Builder {

		private String keyPrefix = DEFAULT_KEY_PREFIX;

		private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;

		private Duration lockLease = DEFAULT_LOCK_LEASE;

		private Duration lockWait = DEFAULT_LOCK_WAIT;

		private OnLockTimeout onLockTimeout = DEFAULT_ON_LOCK_TIMEOUT;

		private int maxValueSize = DEFAULT_MAX_VALUE_SIZE;

		private int compressionThreshold = DEFAULT_COMPRESSION_THRESHOLD;

		private int keyVersion = DEFAULT_KEY_VERSION;

		private boolean clockSync = true;

		private CircuitBreakerSettings circuitBreaker = CircuitBreakerSettings.DEFAULTS;

		private int maxPendingInvalidations = DEFAULT_MAX_PENDING_INVALIDATIONS;

		private @Nullable ValueCodecFactory codecs;

		private boolean retryReads = true;

		private Builder() {
		}

		/**
		 * Sets the first part of every Redis key and of the bus channel.
		 * @param keyPrefix non-blank, without '{', '}' or '|'
		 * @return this builder
		 */
		public Builder keyPrefix(String keyPrefix) {
			if (keyPrefix == null || keyPrefix.isBlank() || keyPrefix.chars().anyMatch((c) -> "{}|".indexOf(c) >= 0)) {
				throw new IllegalArgumentException(
						"keyPrefix must be non-blank and contain no '{', '}' or '|', was " + quoted(keyPrefix));
			}
			this.keyPrefix = keyPrefix;
			return this;
		}

		/**
		 * Sets the limit of each Redis command.
		 * @param commandTimeout a positive duration
		 * @return this builder
		 */
		public Builder commandTimeout(Duration commandTimeout) {
			this.commandTimeout = Checks.positive("commandTimeout", commandTimeout);
			return this;
		}

		/**
		 * Sets the lease of a key's distributed lock; a load slower than half of it
		 * renews it.
		 * @param lockLease a positive duration
		 * @return this builder
		 */
		public Builder lockLease(Duration lockLease) {
			this.lockLease = Checks.positive("lockLease", lockLease);
			return this;
		}

		/**
		 * Sets how long a caller waits for another node's load of a locked key; it is
		 * woken by the bus when the value lands, and polls as a fallback.
		 * @param lockWait a positive duration
		 * @return this builder
		 */
		public Builder lockWait(Duration lockWait) {
			this.lockWait = Checks.positive("lockWait", lockWait);
			return this;
		}

		/**
		 * Sets what a caller does when the lock wait ends without a value.
		 * @param onLockTimeout {@code LOAD} or {@code FAIL}
		 * @return this builder
		 */
		public Builder onLockTimeout(OnLockTimeout onLockTimeout) {
			this.onLockTimeout = Objects.requireNonNull(onLockTimeout, "onLockTimeout must be one of LOAD, FAIL");
			return this;
		}

		/**
		 * Sets the largest stored entry; larger ones stay in-process, counted.
		 * @param bytes a positive number of bytes
		 * @return this builder
		 */
		public Builder maxValueSize(int bytes) {
			if (bytes <= 0) {
				throw new IllegalArgumentException("maxValueSize must be positive, was " + bytes);
			}
			this.maxValueSize = bytes;
			return this;
		}

		/**
		 * Sets the payload size from which payloads are deflated.
		 * @param bytes zero (never) or a positive number of bytes
		 * @return this builder
		 */
		public Builder compressionThreshold(int bytes) {
			if (bytes < 0) {
				throw new IllegalArgumentException("compressionThreshold must be zero or positive, was " + bytes);
			}
			this.compressionThreshold = bytes;
			return this;
		}

		/**
		 * Sets the version part of keys; bumping it orphans every old entry.
		 * @param version a positive number
		 * @return this builder
		 */
		public Builder keyVersion(int version) {
			if (version <= 0) {
				throw new IllegalArgumentException("keyVersion must be positive, was " + version);
			}
			this.keyVersion = version;
			return this;
		}

		/**
		 * Sets whether times are taken on the Redis server's clock. Turn it off only when
		 * every node shares one clock already (tests with a fake clock).
		 * @param clockSync whether to measure the offset to the server clock
		 * @return this builder
		 */
		public Builder clockSync(boolean clockSync) {
			this.clockSync = clockSync;
			return this;
		}

		/**
		 * Sets the circuit breaker in front of Redis.
		 * @param circuitBreaker the settings
		 * @return this builder
		 */
		public Builder circuitBreaker(CircuitBreakerSettings circuitBreaker) {
			this.circuitBreaker = Objects.requireNonNull(circuitBreaker, "circuitBreaker must not be null");
			return this;
		}

		/**
		 * Sets how many invalidations per cache wait for Redis to come back.
		 * @param max a positive number
		 * @return this builder
		 */
		public Builder maxPendingInvalidations(int max) {
			if (max <= 0) {
				throw new IllegalArgumentException("maxPendingInvalidations must be positive, was " + max);
			}
			this.maxPendingInvalidations = max;
			return this;
		}

		/**
		 * Sets the codecs of cached values.
		 * @param codecs the codec factory
		 * @return this builder
		 */
		public Builder codecs(ValueCodecFactory codecs) {
			this.codecs = Objects.requireNonNull(codecs, "codecs must not be null");
			return this;
		}

		/**
		 * Sets whether an idempotent read that failed because its connection was reset or
		 * closed is sent once more within the command timeout; on by default.
		 * @param retryReads whether to retry such reads once
		 * @return this builder
		 */
		public Builder retryReads(boolean retryReads) {
			this.retryReads = retryReads;
			return this;
		}

		/**
		 * Builds the options.
		 * @return the options
		 */
		public RemoteOptions build() {
			return new RemoteOptions(this);
		}

		private static String quoted(@Nullable String value) {
			return (value != null) ? "'" + value + "'" : "null";
		}

	}

}
