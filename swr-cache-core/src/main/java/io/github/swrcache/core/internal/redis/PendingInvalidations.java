package io.github.swrcache.core.internal.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Invalidations of one cache that could not reach Redis, kept (the last one per key, tag
 * or clear wins) until it answers again. When more than the bound arrive, the oldest is
 * dropped and, on recovery, one whole-cache invalidation at the time of the first drop
 * stands in for everything dropped: an invalidation is never silently lost, at worst it
 * becomes a wider one.
 */
final class PendingInvalidations {

	private final int capacity;

	private final Map<String, Pending> pending = new LinkedHashMap<>();

	private final AtomicLong dropped = new AtomicLong();

	private long firstDropAt = Long.MAX_VALUE;

	PendingInvalidations(int capacity) {
		this.capacity = capacity;
	}

	synchronized void add(Pending invalidation) {
		this.pending.remove(invalidation.id());
		this.pending.put(invalidation.id(), invalidation);
		if (this.pending.size() > this.capacity) {
			String oldest = this.pending.keySet().iterator().next();
			Pending evicted = this.pending.remove(oldest);
			this.dropped.incrementAndGet();
			this.firstDropAt = Math.min(this.firstDropAt, evicted.at());
		}
	}

	/**
	 * Takes everything pending, oldest first; a whole-cache invalidation comes first when
	 * any was dropped.
	 * @return the invalidations to send again
	 */
	synchronized List<Pending> drain() {
		List<Pending> all = new ArrayList<>();
		if (this.firstDropAt != Long.MAX_VALUE) {
			all.add(Pending.clear(this.firstDropAt));
			this.firstDropAt = Long.MAX_VALUE;
		}
		all.addAll(this.pending.values());
		this.pending.clear();
		return all;
	}

	synchronized int size() {
		return this.pending.size() + ((this.firstDropAt != Long.MAX_VALUE) ? 1 : 0);
	}

	long dropped() {
		return this.dropped.get();
	}

	/**
	 * One invalidation to send again.
	 *
	 * @param kind {@code E} key, {@code T} tag, {@code C} whole cache
	 * @param subject the key id or the tag
	 * @param at cluster time of the invalidation
	 */
	record Pending(char kind, String subject, long at) {

		static Pending key(String keyId, long at) {
			return new Pending('E', keyId, at);
		}

		static Pending tag(String tag, long at) {
			return new Pending('T', tag, at);
		}

		static Pending clear(long at) {
			return new Pending('C', "", at);
		}

		String id() {
			return this.kind + "|" + this.subject;
		}

	}

}
