package io.github.swrcache.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * An exact counter for the L1 fresh-hit path that, unlike {@link LongAdder}, needs no
 * atomic read-modify-write per increment. Profiling the hit path showed
 * {@code LongAdder}'s cell CAS taking about half of the time of a hit: a locked
 * instruction also waits for every load before it, so it serialises the lookup.
 * <p>
 * Each stripe is owned by at most one thread, which increments it with a plain store (no
 * other thread writes that stripe, so no increment is lost). A thread whose stripe is
 * owned by another thread claims nothing and counts in a {@code LongAdder} instead, so
 * the count stays exact whatever the number of threads. Stripes of threads that have
 * ended are released by {@link #releaseEnded()}; their counts stay.
 */
final class HitCounter {

	private static final VarHandle OWNER;

	private static final VarHandle COUNT;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			OWNER = lookup.findVarHandle(Stripe.class, "owner", Thread.class);
			COUNT = lookup.findVarHandle(Stripe.class, "count", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private static final int STRIPES = Math.max(16,
			Integer.highestOneBit(Runtime.getRuntime().availableProcessors() * 4 - 1) << 1);

	private final Stripe[] stripes = new Stripe[STRIPES];

	private final LongAdder shared = new LongAdder();

	HitCounter() {
		for (int i = 0; i < STRIPES; i++) {
			this.stripes[i] = new Stripe();
		}
	}

	/**
	 * Adds one.
	 */
	@SuppressWarnings("deprecation") // Thread.threadId() is Java 19+; getId() is the same
	void increment() {
		Thread thread = Thread.currentThread();
		Stripe stripe = this.stripes[(int) thread.getId() & (STRIPES - 1)];
		if (stripe.owner == thread || claim(stripe, thread)) {
			// Only the owner writes the stripe: a plain read and an opaque store suffice.
			COUNT.setOpaque(stripe, stripe.count + 1);
		}
		else {
			this.shared.increment();
		}
	}

	private static boolean claim(Stripe stripe, Thread thread) {
		return stripe.owner == null && OWNER.compareAndSet(stripe, null, thread);
	}

	/**
	 * The count: exact for every increment that happened before this call.
	 * @return the sum
	 */
	long sum() {
		long sum = this.shared.sum();
		for (Stripe stripe : this.stripes) {
			sum += (long) COUNT.getOpaque(stripe);
		}
		return sum;
	}

	/**
	 * Releases the stripes of threads that have ended, so that other threads can own
	 * them. {@link Thread#isAlive()} returning {@code false} makes the ended thread's
	 * last increment visible here, and the volatile release passes it on to the next
	 * owner.
	 */
	void releaseEnded() {
		for (Stripe stripe : this.stripes) {
			Thread owner = (Thread) OWNER.getVolatile(stripe);
			if (owner != null && !owner.isAlive()) {
				OWNER.compareAndSet(stripe, owner, null);
			}
		}
	}

	/** Padding, so that two threads' stripes never share a cache line. */
	abstract static class PadBefore {

		long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;

	}

	abstract static class Fields extends PadBefore {

		volatile @Nullable Thread owner;

		long count;

	}

	static final class Stripe extends Fields {

		long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

	}

}
