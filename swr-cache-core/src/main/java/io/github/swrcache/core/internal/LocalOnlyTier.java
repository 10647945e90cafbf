package io.github.swrcache.core.internal;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import io.github.swrcache.core.PatternInvalidation;
import io.github.swrcache.core.RemoteStatus;
import org.jspecify.annotations.Nullable;

/**
 * The shared tier when there is none: nothing is stored, every lock is won at once (the
 * in-JVM single flight is the only lock needed), and nothing is published.
 */
public final class LocalOnlyTier implements RemoteTier {

	/** The one instance. */
	public static final LocalOnlyTier INSTANCE = new LocalOnlyTier();

	private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

	private LocalOnlyTier() {
	}

	@Override
	public boolean isShared() {
		return false;
	}

	@Override
	public long clockOffsetMillis() {
		return 0;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <K, V> RemoteStore<K, V> store(String cacheName, Type valueType, RemoteEvents events, RemoteStats stats) {
		return (RemoteStore<K, V>) Store.INSTANCE;
	}

	@Override
	public RemoteStatus status() {
		return RemoteStatus.NONE;
	}

	@Override
	public void close() {
	}

	private static final class Store implements RemoteStore<Object, Object> {

		static final Store INSTANCE = new Store();

		private static final CompletableFuture<LockOutcome<Object>> ACQUIRED = CompletableFuture
			.completedFuture(LockOutcome.lockAcquired());

		private static final CompletableFuture<Boolean> WRITTEN = CompletableFuture.completedFuture(true);

		private static final CompletableFuture<Long> WRITTEN_AT_UNKNOWN_TIME = CompletableFuture
			.completedFuture(UNKNOWN_TIME);

		@Override
		public void loadMarks() {
		}

		@Override
		public String keyId(Object key) {
			return String.valueOf(key);
		}

		@Override
		public CompletableFuture<LockOutcome<Object>> readOrLock(Object key, String token, boolean refresh,
				Predicate<CacheEntry<Object>> valid) {
			return ACQUIRED;
		}

		@Override
		public CompletableFuture<Map<Object, LockOutcome<Object>>> readOrLockAll(Collection<Object> keys, String token,
				boolean refresh, Predicate<CacheEntry<Object>> valid) {
			Map<Object, LockOutcome<Object>> outcomes = new LinkedHashMap<>();
			keys.forEach((key) -> outcomes.put(key, LockOutcome.lockAcquired()));
			return CompletableFuture.completedFuture(outcomes);
		}

		@Override
		public CompletableFuture<@Nullable CacheEntry<Object>> read(Object key) {
			return CompletableFuture.completedFuture(null);
		}

		@Override
		public CompletableFuture<Long> writeAndUnlock(Object key, CacheEntry<Object> entry, String token) {
			return WRITTEN_AT_UNKNOWN_TIME;
		}

		@Override
		public CompletableFuture<Void> unlock(Object key, String token) {
			return DONE;
		}

		@Override
		public CompletableFuture<LockOutcome<Object>> awaitValue(Object key, String token, Duration max,
				Predicate<CacheEntry<Object>> acceptable) {
			return ACQUIRED;
		}

		@Override
		public CompletableFuture<Void> put(Object key, CacheEntry<Object> entry) {
			return DONE;
		}

		@Override
		public CompletableFuture<Void> invalidate(Object key) {
			return DONE;
		}

		@Override
		public CompletableFuture<Void> invalidateTag(String tag, long at) {
			return DONE;
		}

		@Override
		public CompletableFuture<Void> invalidateAll(long at) {
			return DONE;
		}

		@Override
		public CompletableFuture<@Nullable PatternInvalidation> invalidateMatching(KeyGlob glob) {
			return CompletableFuture.completedFuture(null);
		}

		@Override
		public CompletableFuture<LockOutcome<Object>> lockForWrite(Object key, String token, Duration max) {
			// The cache's per-key write lock in the JVM is the only lock needed.
			return ACQUIRED;
		}

		@Override
		public CompletableFuture<Boolean> writeFenced(Object key, @Nullable CacheEntry<Object> entry, String token) {
			return WRITTEN;
		}

	}

}
