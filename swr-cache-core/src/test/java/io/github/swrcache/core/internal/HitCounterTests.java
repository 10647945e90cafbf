package io.github.swrcache.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HitCounterTests {

	@Test
	void countsEveryIncrementOfManyMoreThreadsThanStripes() throws InterruptedException {
		HitCounter counter = new HitCounter();
		runThreads(counter, 100, 20_000);
		assertThat(counter.sum()).isEqualTo(2_000_000L);
	}

	@Test
	void stripesOfEndedThreadsAreReleasedAndTheirCountsKept() throws InterruptedException {
		HitCounter counter = new HitCounter();
		runThreads(counter, 8, 1_000);
		assertThat(ownedStripes(counter)).isPositive();
		counter.releaseEnded();
		assertThat(ownedStripes(counter)).isZero();
		assertThat(counter.sum()).isEqualTo(8_000L);
		runThreads(counter, 8, 1_000);
		assertThat(counter.sum()).isEqualTo(16_000L);
	}

	@Test
	void stripesOfLiveThreadsStayOwned() {
		HitCounter counter = new HitCounter();
		counter.increment();
		counter.releaseEnded();
		assertThat(ownedStripes(counter)).isEqualTo(1);
		assertThat(counter.sum()).isEqualTo(1L);
	}

	private static long ownedStripes(HitCounter counter) {
		try {
			java.lang.reflect.Field field = HitCounter.class.getDeclaredField("stripes");
			field.setAccessible(true);
			HitCounter.Stripe[] stripes = (HitCounter.Stripe[]) field.get(counter);
			return java.util.Arrays.stream(stripes).filter((stripe) -> stripe.owner != null).count();
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void runThreads(HitCounter counter, int threads, int increments) throws InterruptedException {
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> started = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			Thread thread = new Thread(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				for (int i = 0; i < increments; i++) {
					counter.increment();
				}
			});
			thread.start();
			started.add(thread);
		}
		start.countDown();
		for (Thread thread : started) {
			thread.join();
		}
	}

}
