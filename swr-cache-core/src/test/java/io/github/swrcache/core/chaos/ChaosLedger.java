package io.github.swrcache.core.chaos;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The source of truth of the chaos run (a version counter per key; the value of key
 * {@code k} at version {@code v} is {@code "k#v"}) and the record against which every
 * operation checks the invariants as it happens. Times are wall-clock milliseconds.
 *
 * <ul>
 * <li><b>available</b>: a read on node {@code n} that throws is a violation when
 * {@code n} itself loaded the key (its loader returned, so the value went into its
 * in-process tier) at {@code s}, the read started after that load ended and before
 * {@code s} plus {@code local.max-ttl} (the longest an in-process copy is kept;
 * stale-if-error is far longer), and nothing that may remove the copy happened since
 * {@code s}: no write, invalidation or tag invalidation of the key, and no turbulence
 * (Redis killed or paused, pub/sub killed, a circuit not closed or a bus re-subscription,
 * which drop the in-process tier). This is a subset of the reads that have a value, so a
 * flagged read is a real one.</li>
 * <li><b>no old value</b>: a write (put, invalidate, tag invalidate) first moves the
 * source to version {@code v}; once it returned at {@code e}, a read that starts after
 * {@code e + bound} must return a version of at least {@code v}. The bound is
 * {@link #BUS_BOUND_MILLIS} when no turbulence overlaps, else {@code local.max-ttl} plus
 * {@link #SLACK_MILLIS}.</li>
 * <li><b>one load per window</b>: two successful loads of one key that start less than
 * {@code ttl} apart are a violation, unless something explains the second: a write or
 * garbage under the key, turbulence, a Redis error or bypass counted by a node, or a
 * loader latency spike (a lock wait may end without a value) between them.</li>
 * </ul>
 */
final class ChaosLedger {

	/** How long a bus message may take to reach every node on a loaded 2-core machine. */
	static final long BUS_BOUND_MILLIS = 1_000;

	/**
	 * Time allowed on top of {@code local.max-ttl} for installs and the bus to settle.
	 */
	static final long SLACK_MILLIS = 1_500;

	/**
	 * Tolerance for comparing the test's times with the cache's (recorded a bit later).
	 */
	static final long MARGIN_MILLIS = 100;

	private static final int KEPT_WRITES = 32;

	private static final int KEPT_VIOLATIONS = 50;

	final Turbulence turbulence = new Turbulence("turbulence");

	final Turbulence hiccups = new Turbulence("redis errors");

	final Turbulence spikes = new Turbulence("loader latency spikes");

	private final int nodes;

	private final long ttlMillis;

	private final long localMaxTtlMillis;

	private final Map<String, KeyState> keys = new ConcurrentHashMap<>();

	private final List<String> violations = Collections.synchronizedList(new ArrayList<>());

	final Map<String, LongAdder> violationCounts = new ConcurrentHashMap<>();

	final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

	final AtomicLong maxLagCalm = new AtomicLong();

	final AtomicLong maxLagTurbulent = new AtomicLong();

	ChaosLedger(int nodes, long ttlMillis, long localMaxTtlMillis) {
		this.nodes = nodes;
		this.ttlMillis = ttlMillis;
		this.localMaxTtlMillis = localMaxTtlMillis;
	}

	KeyState key(String key) {
		return this.keys.computeIfAbsent(key, (k) -> new KeyState(this.nodes));
	}

	long version(String key) {
		return key(key).version.get();
	}

	void count(String what) {
		this.counts.computeIfAbsent(what, (k) -> new LongAdder()).increment();
	}

	long count(String what, long ignored) {
		LongAdder adder = this.counts.get(what);
		return (adder != null) ? adder.sum() : 0;
	}

	void violation(String invariant, String detail) {
		this.violationCounts.computeIfAbsent(invariant, (k) -> new LongAdder()).increment();
		if (this.violations.size() < KEPT_VIOLATIONS) {
			this.violations.add(invariant + ": " + detail);
		}
	}

	List<String> violations() {
		synchronized (this.violations) {
			return new ArrayList<>(this.violations);
		}
	}

	long violationCount() {
		return this.violationCounts.values().stream().mapToLong(LongAdder::sum).sum();
	}

	// --- writes: the caller holds the key's lock (or every key's lock of a tag group)
	// ---

	/** A write to the source and the cache starts: the in-process copies may go. */
	long beginWrite(String key) {
		KeyState state = key(key);
		synchronized (state) {
			state.writesInProgress++;
		}
		return state.version.incrementAndGet();
	}

	static final List<String> WRITE_KINDS = List.of("put", "invalidate", "invalidate-tag-member");

	void endWrite(int node, String key, long start, long end, long version, String what) {
		KeyState state = key(key);
		synchronized (state) {
			state.writesInProgress--;
			state.lastWriteEnd = Math.max(state.lastWriteEnd, end);
			state.writes.addLast(new long[] { start, end, version, WRITE_KINDS.indexOf(what), node });
			if (state.writes.size() > KEPT_WRITES) {
				state.writes.removeFirst();
			}
		}
		count("writes." + what);
	}

	void garbage(String key, long at) {
		KeyState state = key(key);
		synchronized (state) {
			state.lastGarbage = at;
		}
	}

	// --- loads ---

	/**
	 * Records a successful load now and returns the one-load-per-window judgement, to be
	 * run a little later, once the monitor has seen any Redis error or lock-wait timeout
	 * that preceded the load.
	 */
	Runnable loaded(int node, String key, long start, long end) {
		count("loads");
		KeyState state = key(key);
		long previous;
		int previousNode;
		String write;
		synchronized (state) {
			state.witnessStart[node] = start;
			state.witnessEnd[node] = end;
			previous = state.lastLoadStart;
			previousNode = state.lastLoadNode;
			long since = previous - MARGIN_MILLIS;
			write = (state.writesInProgress > 0 || state.lastWriteEnd >= since) ? "write"
					: (state.lastGarbage >= since) ? "garbage" : null;
			if (start > previous) {
				state.lastLoadStart = start;
				state.lastLoadEnd = end;
				state.lastLoadNode = node;
			}
		}
		if (previous == 0 || start - previous >= this.ttlMillis - MARGIN_MILLIS) {
			return () -> {
			};
		}
		return () -> {
			long since = previous - MARGIN_MILLIS;
			String excuse = (write != null) ? write
					: this.turbulence.overlaps(since, start) ? "turbulence" : this.hiccups.overlaps(since, start)
							? "redis errors" : this.spikes.overlaps(since, start) ? "latency spike" : null;
			if (excuse == null) {
				violation("one load per key per expiry window",
						key + " loaded on node " + node + " at " + start + ", " + (start - previous)
								+ " ms after the load on node " + previousNode + " (ttl " + this.ttlMillis
								+ " ms), nothing in between");
			}
			else {
				count("loads.within-ttl-explained-by-" + excuse);
			}
		};
	}

	// --- reads ---

	/** Checks a value a read returned; {@code start} is when the read began. */
	void readReturned(int node, String key, @org.jspecify.annotations.Nullable String value, long start, long end) {
		count("reads.ok");
		if (value == null || !value.startsWith(key + "#")) {
			violation("value integrity", "node " + node + " read " + key + " -> " + value);
			return;
		}
		long version;
		try {
			version = Long.parseLong(value.substring(key.length() + 1));
		}
		catch (NumberFormatException ex) {
			violation("value integrity", "node " + node + " read " + key + " -> " + value);
			return;
		}
		KeyState state = key(key);
		if (version > state.version.get()) {
			violation("value integrity", "node " + node + " read " + key + " version " + version
					+ " ahead of the source " + state.version.get());
			return;
		}
		long required = 0;
		long[] requiredBy = null;
		long lag = 0;
		boolean turbulent = false;
		synchronized (state) {
			for (long[] write : state.writes) {
				if (write[2] <= version || write[1] > start) {
					continue;
				}
				// A write of a newer version had returned when this read started.
				boolean disturbed = this.turbulence.overlaps(write[0], end);
				long bound = disturbed ? this.localMaxTtlMillis + SLACK_MILLIS : BUS_BOUND_MILLIS;
				if (start - write[1] > lag) {
					lag = start - write[1];
					turbulent = disturbed;
				}
				if (write[1] + bound < start && write[2] > required) {
					required = write[2];
					requiredBy = write;
				}
			}
		}
		if (lag > 0) {
			count("reads.older-than-a-returned-write");
			(turbulent ? this.maxLagTurbulent : this.maxLagCalm).accumulateAndGet(lag, Math::max);
		}
		if (version < required) {
			violation("old value after the bound",
					"node " + node + " read " + key + " version " + version + " at " + start + " (read took "
							+ (end - start) + " ms), " + lag + " ms after " + WRITE_KINDS.get((int) requiredBy[3])
							+ " of version " + required + " on node " + requiredBy[4] + " returned (it took "
							+ (requiredBy[1] - requiredBy[0]) + " ms)");
		}
	}

	/**
	 * Takes the facts of a read that threw now, and returns the judgement, to be run a
	 * little later so that the monitor has seen any turbulence up to the failure.
	 */
	Runnable readFailed(int node, String key, long start, long end, Throwable error) {
		count("reads.failed");
		KeyState state = key(key);
		long witness;
		long witnessEnd;
		long shared;
		long sharedEnd;
		boolean written;
		boolean sharedWritten;
		synchronized (state) {
			witness = state.witnessStart[node];
			witnessEnd = state.witnessEnd[node];
			shared = state.lastLoadStart;
			sharedEnd = state.lastLoadEnd;
			boolean writing = state.writesInProgress > 0;
			written = writing || state.lastWriteEnd >= witness - MARGIN_MILLIS;
			sharedWritten = writing || state.lastWriteEnd >= shared - MARGIN_MILLIS
					|| state.lastGarbage >= shared - MARGIN_MILLIS;
		}
		return () -> {
			// In this node's in-process tier: its own load, younger than local.max-ttl.
			boolean local = witness != 0 && !written && start > witnessEnd + MARGIN_MILLIS
					&& start + MARGIN_MILLIS * 2 < witness + this.localMaxTtlMillis
					&& !this.turbulence.overlaps(witness - MARGIN_MILLIS, end + MARGIN_MILLIS);
			// In Redis: any node's load, whose write has landed, with Redis up and
			// answering since (stale-if-error outlasts the run).
			boolean remote = shared != 0 && !sharedWritten && start > sharedEnd + 2 * MARGIN_MILLIS
					&& !this.turbulence.overlaps(shared - MARGIN_MILLIS, end + MARGIN_MILLIS)
					&& !this.hiccups.overlaps(shared - MARGIN_MILLIS, end + MARGIN_MILLIS);
			if (local || remote) {
				violation("no failed read with a value available",
						"node " + node + " read " + key + " at " + start + " threw " + error + "; "
								+ (local ? "its own load started " + (start - witness) + " ms earlier"
										: "a load on some node started " + (start - shared) + " ms earlier")
								+ ", no write, garbage or turbulence since");
			}
			else {
				count("reads.failed-without-value");
				count("reads.failed-without-value." + ((shared == 0) ? "never-loaded"
						: (sharedWritten && (witness == 0 || written)) ? "written-or-garbage-since-load"
								: this.turbulence.overlaps(
										Math.min(shared, (witness != 0) ? witness : shared) - MARGIN_MILLIS,
										end + MARGIN_MILLIS) ? "turbulence-since-load"
												: "other (load too recent, or redis errors)"));
			}
		};
	}

	/**
	 * One key of the chaos run; guarded by its monitor, except {@link #version} and
	 * {@link #writeLock}.
	 */
	static final class KeyState {

		final AtomicLong version = new AtomicLong();

		final ReentrantLock writeLock = new ReentrantLock();

		final ArrayDeque<long[]> writes = new ArrayDeque<>();

		final long[] witnessStart;

		final long[] witnessEnd;

		int writesInProgress;

		long lastWriteEnd;

		long lastGarbage;

		long lastLoadStart;

		long lastLoadEnd;

		int lastLoadNode;

		KeyState(int nodes) {
			this.witnessStart = new long[nodes];
			this.witnessEnd = new long[nodes];
		}

	}

}
