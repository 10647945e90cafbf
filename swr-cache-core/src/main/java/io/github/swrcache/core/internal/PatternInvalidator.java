package io.github.swrcache.core.internal;

import java.time.Duration;
import java.util.concurrent.ExecutionException;

import io.github.swrcache.core.PatternInvalidation;
import org.jspecify.annotations.Nullable;

/**
 * {@code invalidateMatching} of one cache: the shared tier deletes the matching entries
 * and their locks and tells the other nodes; then this node fences its loads of matching
 * keys and flushes its in-process tier. Fencing after the deletion, not before, also
 * stops a load that read a matching value from Redis just before it was deleted. Without
 * a shared tier, the matching entries of the in-process tier are removed instead.
 */
final class PatternInvalidator {

	private static final System.Logger logger = System.getLogger(PatternInvalidator.class.getName());

	private PatternInvalidator() {
	}

	static <K, V> PatternInvalidation invalidate(CacheParts<K, V> parts, String glob) {
		KeyGlob pattern = KeyGlob.of(glob);
		long start = System.nanoTime();
		PatternInvalidation shared;
		try {
			shared = parts.remote().invalidateMatching(pattern).get();
		}
		catch (ExecutionException ex) {
			Throwable cause = LoadPipeline.unwrap(ex);
			parts.counters().remoteError(cause);
			flushLocal(parts, pattern);
			throw new IllegalStateException("Pattern invalidation of cache '" + parts.name() + "' with glob '" + glob
					+ "' failed in Redis: " + cause + "; the entries deleted before the failure stay deleted, and "
					+ "this node's in-process tier was flushed", cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			flushLocal(parts, pattern);
			throw new IllegalStateException(
					"Pattern invalidation of cache '" + parts.name() + "' with glob '" + glob + "' was interrupted",
					ex);
		}
		if (shared != null) {
			flushLocal(parts, pattern);
			parts.counters().evictions.add(shared.deleted());
			return shared;
		}
		parts.flights().fenceMatching((key) -> pattern.matches(parts.remote().keyId(key)));
		LocalTier.Removal removal = parts.local().removeMatching((key) -> pattern.matches(parts.remote().keyId(key)));
		parts.counters().evictions.add(removal.removed());
		PatternInvalidation result = new PatternInvalidation(parts.name(), glob, 0, 0, removal.examined(),
				removal.removed(), Duration.ofNanos(System.nanoTime() - start));
		logger.log(System.Logger.Level.INFO,
				() -> "Pattern invalidation of cache '" + parts.name() + "' with glob '" + glob
						+ "' (in-process tier only): " + result.deleted() + " of " + result.scanned()
						+ " entries removed in " + result.took().toMillis() + " ms");
		return result;
	}

	/**
	 * Another node deleted matching entries: fence this node's loads of matching keys and
	 * flush its in-process tier.
	 */
	static <K, V> void flushed(CacheParts<K, V> parts, String glob) {
		KeyGlob pattern = parseQuietly(glob);
		if (pattern == null) {
			parts.flights().fenceAll();
			parts.local().clear();
		}
		else {
			flushLocal(parts, pattern);
		}
	}

	private static <K, V> void flushLocal(CacheParts<K, V> parts, KeyGlob pattern) {
		parts.flights().fenceMatching((key) -> pattern.matches(parts.remote().keyId(key)));
		parts.local().clear();
	}

	private static @Nullable KeyGlob parseQuietly(String glob) {
		try {
			return KeyGlob.of(glob);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
