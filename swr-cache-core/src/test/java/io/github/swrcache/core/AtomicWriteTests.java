package io.github.swrcache.core;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Atomic and conditional writes and asynchronous invalidation without a shared tier: the
 * per-key write lock of the JVM is the only lock, the in-process entry the current one.
 */
class AtomicWriteTests extends AbstractEngineTests {

	private final SwrCache<String, Integer> counters = this.manager.cache("counters", Integer.class, this.policy);

	private final SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);

	@Test
	void updateOfAnAbsentKeyGetsNullAndStoresItsResultAsIfLoaded() {
		AtomicReference<Integer> seen = new AtomicReference<>(-1);
		Integer stored = this.counters.update("k", (current) -> {
			seen.set(current);
			return 1;
		});
		assertThat(seen.get()).isNull();
		assertThat(stored).isEqualTo(1);
		CacheLookup<Integer> lookup = this.counters.peek("k");
		assertThat(lookup.state()).isEqualTo(EntryState.FRESH);
		assertThat(lookup.value()).isEqualTo(1);
		assertThat(lookup.freshUntil()).isEqualTo(this.clock.instant().plusSeconds(10));
		assertThat(this.counters.statistics().puts()).isEqualTo(1);
	}

	@Test
	void updateSeesAStaleValueButNotAnExpiredOne() {
		this.counters.put("k", 5);
		this.clock.advance(Duration.ofSeconds(15));
		assertThat(this.counters.update("k", (current) -> current + 1)).isEqualTo(6);
		this.clock.advance(Duration.ofSeconds(40));
		AtomicReference<Integer> seen = new AtomicReference<>(-1);
		this.counters.update("k", (current) -> {
			seen.set(current);
			return 100;
		});
		assertThat(seen.get()).as("past stale-while-revalidate the value is not servable").isNull();
	}

	@Test
	void updateKeepsTheEntrysTagsSoTagInvalidationStillReachesIt() {
		this.cache.get("a", (key, context) -> {
			context.addTags("tenant:7");
			return "v1";
		});
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.cache.update("a", (current) -> current + "+1")).isEqualTo("v1+1");
		assertThat(this.cache.peek("a").tags()).containsExactly("tenant:7");
		this.clock.advance(Duration.ofMillis(1));
		this.cache.invalidateTag("tenant:7");
		assertThat(this.cache.peek("a").state()).isEqualTo(EntryState.ABSENT);
	}

	@Test
	void updateReturningNullRemovesTheEntry() {
		this.cache.put("a", "v");
		assertThat(this.cache.update("a", (current) -> null)).isNull();
		assertThat(this.cache.peek("a").state()).isEqualTo(EntryState.ABSENT);
		assertThat(this.cache.get("a", this.loader)).isEqualTo("a-v1");
		assertThat(this.cache.statistics().evictions()).isEqualTo(1);
	}

	@Test
	void concurrentUpdatesOfOneKeyAreNeverLost() throws Exception {
		int threads = 8;
		int perThread = 500;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				futures.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < perThread; i++) {
						this.counters.update("k", (current) -> (current != null) ? current + 1 : 1);
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : futures) {
				future.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.counters.peek("k").value()).isEqualTo(threads * perThread);
		assertThat(this.counters.statistics().puts()).isEqualTo(threads * perThread);
	}

	@Test
	void invalidationWhileTheFunctionRunsWinsAndTheUpdateReportsIt() throws Exception {
		this.cache.put("a", "old");
		CountDownLatch inFunction = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<String> update = CompletableFuture.supplyAsync(() -> this.cache.update("a", (current) -> {
			inFunction.countDown();
			await(release);
			return current + "+1";
		}));
		assertThat(inFunction.await(5, TimeUnit.SECONDS)).isTrue();
		this.cache.invalidate("a");
		release.countDown();
		assertThat(update).failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(Exception.class)
			.havingCause()
			.isInstanceOf(SwrWriteConflictException.class)
			.withMessage("Atomic write of key 'a' in cache 'c' lost to an invalidation or write of the key while "
					+ "it held the key's lock; nothing was written");
		assertThat(this.cache.peek("a").state()).isEqualTo(EntryState.ABSENT);
		assertThat(this.cache.update("a", (current) -> "after " + current)).isEqualTo("after null");
	}

	@Test
	void tagInvalidationWhileTheFunctionRunsWins() {
		this.cache.get("a", (key, context) -> {
			context.addTags("t");
			return "v1";
		});
		this.cache.invalidateTag("other");
		assertThat(this.cache.update("a", (current) -> "v2")).as("another tag's mark does not count").isEqualTo("v2");
		this.clock.advance(Duration.ofMillis(1));
		assertThatExceptionOfType(SwrWriteConflictException.class)
			.isThrownBy(() -> this.cache.update("a", (current) -> {
				this.clock.advance(Duration.ofMillis(1));
				this.cache.invalidateTag("t");
				return "v3";
			}))
			.satisfies((ex) -> assertThat(ex.getCacheName()).isEqualTo("c"));
		assertThat(this.cache.peek("a").state()).isEqualTo(EntryState.ABSENT);
	}

	@Test
	void aFunctionThatThrowsWritesNothingAndReleasesTheLock() {
		this.cache.put("a", "v");
		assertThatIllegalStateException().isThrownBy(() -> this.cache.update("a", (current) -> {
			throw new IllegalStateException("boom");
		})).withMessage("boom");
		assertThat(this.cache.peek("a").value()).isEqualTo("v");
		assertThat(this.cache.update("a", (current) -> current + "2")).isEqualTo("v2");
	}

	@Test
	void aWriterWaitsForTheKeysLockAtMostTheLockWait() throws Exception {
		CountDownLatch inFunction = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<String> holder = CompletableFuture.supplyAsync(() -> this.cache.update("a", (current) -> {
			inFunction.countDown();
			await(release);
			return "first";
		}));
		assertThat(inFunction.await(5, TimeUnit.SECONDS)).isTrue();
		long start = System.nanoTime();
		assertThatExceptionOfType(SwrWriteConflictException.class)
			.isThrownBy(() -> this.cache.putIfAbsent("a", "second"))
			.withMessage("Atomic write of key 'a' in cache 'c' could not take the key's lock within the lock wait "
					+ "PT1S (held by other writers of this node); nothing was written");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
		// Another key is not held up.
		assertThat(this.cache.putIfAbsent("b", "other")).isNull();
		release.countDown();
		assertThat(holder.get(5, TimeUnit.SECONDS)).isEqualTo("first");
		assertThat(this.cache.putIfAbsent("a", "second")).isEqualTo("first");
	}

	@Test
	void putIfAbsentStoresOnlyWithoutAServableValue() {
		assertThat(this.cache.putIfAbsent("a", "first")).isNull();
		assertThat(this.cache.putIfAbsent("a", "second")).isEqualTo("first");
		assertThat(this.cache.peek("a").value()).isEqualTo("first");
		this.clock.advance(Duration.ofSeconds(15));
		assertThat(this.cache.putIfAbsent("a", "third")).as("a stale value is present").isEqualTo("first");
		this.clock.advance(Duration.ofSeconds(20));
		assertThat(this.cache.putIfAbsent("a", "fourth")).as("past stale-while-revalidate it is absent").isNull();
		assertThat(this.cache.peek("a").value()).isEqualTo("fourth");
		this.clock.advance(Duration.ofMillis(1));
		this.cache.invalidateAll();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.cache.putIfAbsent("a", "fifth")).as("an invalidated value is absent").isNull();
		assertThat(this.cache.get("a", this.loader)).isEqualTo("fifth");
		assertThat(this.loader.calls()).isZero();
	}

	@Test
	void putIfAbsentRaceHasExactlyOneWinner() throws Exception {
		int threads = 16;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		List<Future<String>> results = new ArrayList<>();
		try {
			CountDownLatch start = new CountDownLatch(1);
			for (int t = 0; t < threads; t++) {
				String mine = "thread-" + t;
				results.add(pool.submit(() -> {
					start.await();
					return this.cache.putIfAbsent("k", mine);
				}));
			}
			start.countDown();
			List<String> existing = new ArrayList<>();
			for (Future<String> result : results) {
				existing.add(result.get(10, TimeUnit.SECONDS));
			}
			String winner = this.cache.peek("k").value();
			assertThat(existing).filteredOn((value) -> value == null).hasSize(1);
			assertThat(existing).filteredOn((value) -> value != null).hasSize(threads - 1).containsOnly(winner);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void replaceStoresOnlyOverAServableValue() {
		assertThat(this.cache.replace("a", "x")).isFalse();
		assertThat(this.cache.peek("a").state()).isEqualTo(EntryState.ABSENT);
		assertThat(this.cache.statistics().puts()).isZero();
		this.cache.put("a", "v1");
		assertThat(this.cache.replace("a", "v2")).isTrue();
		assertThat(this.cache.get("a", this.loader)).isEqualTo("v2");
		this.clock.advance(Duration.ofSeconds(31));
		assertThat(this.cache.replace("a", "v3")).as("past stale-while-revalidate it is absent").isFalse();
		assertThat(this.loader.calls()).isZero();
	}

	@Test
	void argumentsAreChecked() {
		assertThatNullPointerException().isThrownBy(() -> this.cache.update(null, (current) -> current))
			.withMessage("key must not be null");
		assertThatNullPointerException().isThrownBy(() -> this.cache.update("a", null))
			.withMessage("function must not be null");
		assertThatNullPointerException().isThrownBy(() -> this.cache.putIfAbsent("a", null))
			.withMessage("value must not be null");
		assertThatNullPointerException().isThrownBy(() -> this.cache.replace("a", null))
			.withMessage("value must not be null");
		assertThatNullPointerException().isThrownBy(() -> this.cache.invalidateAsync(null))
			.withMessage("key must not be null");
	}

	@Test
	void asynchronousInvalidationsTakeEffectLocallyBeforeTheyReturn() {
		this.cache.get("a", this.loader);
		this.cache.get("b", (key, context) -> {
			context.addTags("t");
			return "tagged";
		});
		this.cache.get("c", this.loader);
		this.clock.advance(Duration.ofMillis(1));
		CompletableFuture<Void> key = this.cache.invalidateAsync("a");
		assertThat(this.cache.peek("a").state()).isEqualTo(EntryState.ABSENT);
		CompletableFuture<Void> tag = this.cache.invalidateTagAsync("t");
		assertThat(this.cache.peek("b").state()).isEqualTo(EntryState.ABSENT);
		assertThat(this.cache.peek("c").state()).isEqualTo(EntryState.FRESH);
		CompletableFuture<Void> all = this.cache.invalidateAllAsync();
		assertThat(this.cache.peek("c").state()).isEqualTo(EntryState.ABSENT);
		// Without a shared tier there is nothing to wait for.
		assertThat(List.of(key, tag, all)).allSatisfy((future) -> assertThat(future).isCompletedWithValue(null));
		assertThat(this.cache.statistics().evictions()).isEqualTo(1);
	}

	@Test
	void withRedisUnreachableUpdatesAreAtomicWithinTheNodeAndTheKeyIsQueuedForInvalidation() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		RedisClient unreachable = RedisClient.create("redis://127.0.0.1:" + port);
		SwrCacheManager node = SwrCacheManager.builder()
			.clock(this.clock)
			.remote(unreachable, RemoteOptions.builder().clockSync(false).build())
			.build();
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			SwrCache<String, Integer> shared = node.cache("counters", Integer.class, this.policy);
			// Reading the invalidation marks at creation was bypassed already.
			long bypassedBefore = shared.statistics().remoteBypassed();
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				futures.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < 100; i++) {
						shared.update("k", (current) -> (current != null) ? current + 1 : 1);
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : futures) {
				future.get(30, TimeUnit.SECONDS);
			}
			// Per update: the lock could not be asked for, and the invalidation for the
			// other nodes could not be sent (it waits, once per key, to be sent again).
			assertThat(shared.statistics().remoteBypassed() - bypassedBefore).isEqualTo(800);
			assertThat(shared.statistics().remoteErrors()).isZero();
			assertThat(node.remoteStatus().pendingInvalidations()).isEqualTo(1);
			assertThat(shared.peek("k").value()).isEqualTo(400);
		}
		finally {
			pool.shutdownNow();
			node.close();
			unreachable.shutdown();
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
