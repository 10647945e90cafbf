package io.github.swrcache.core.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The invalidation marks of one cache: per tag and cache-wide, the cluster time of the
 * latest invalidation. An entry created at or before a mark of one of its tags, or at or
 * before the clear mark, is invalidated. Marking is O(1): no entry is visited.
 *
 * <p>
 * "At or before" errs on the safe side: an entry whose load started in the same
 * millisecond as an invalidation is reloaded rather than possibly serving the old value.
 */
final class TagMarks {

	private static final int PRUNE_THRESHOLD = 4096;

	private final Map<String, Long> tags = new ConcurrentHashMap<>();

	private volatile long clearMark = Long.MIN_VALUE;

	/**
	 * The latest of all marks: an entry created after it is valid whatever its tags, so
	 * that the hit path usually makes one comparison and no tag lookup.
	 */
	private volatile long latest = Long.MIN_VALUE;

	private final ClusterClock clock;

	TagMarks(ClusterClock clock) {
		this.clock = clock;
	}

	boolean isValid(CacheEntry<?> entry) {
		return isValid(entry, this.clock.uncertainty());
	}

	/**
	 * Whether no mark invalidates {@code entry}.
	 * @param entry the entry
	 * @param uncertainty the clock's current {@link ClusterClock#uncertainty()}, which
	 * the fresh-hit path has at hand
	 * @return whether the entry is valid
	 */
	boolean isValid(CacheEntry<?> entry, long uncertainty) {
		// Marks and creation times may come from different nodes, whose cluster times
		// are known only within the clock's uncertainty: widen towards invalid.
		long createdAt = entry.createdAt - uncertainty;
		if (createdAt > this.latest) {
			return true;
		}
		if (createdAt <= this.clearMark) {
			return false;
		}
		for (String tag : entry.tags) {
			Long mark = this.tags.get(tag);
			if (mark != null && createdAt <= mark) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Records an invalidation of {@code tag} at {@code time}; an older time than the one
	 * known is ignored, so marks can arrive out of order.
	 * @param tag the tag
	 * @param time cluster time of the invalidation
	 * @param horizon marks older than this cluster time can no longer match a live entry
	 * and may be pruned
	 */
	void markTag(String tag, long time, long horizon) {
		this.tags.merge(tag, time, Math::max);
		raiseLatest(time);
		if (this.tags.size() > PRUNE_THRESHOLD) {
			this.tags.values().removeIf((mark) -> mark < horizon);
		}
	}

	void markAll(long time) {
		synchronized (this) {
			if (time > this.clearMark) {
				this.clearMark = time;
			}
			raiseLatest(time);
		}
	}

	private synchronized void raiseLatest(long time) {
		if (time > this.latest) {
			this.latest = time;
		}
	}

}
