package io.github.swrcache.core.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.time.Clock;
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

import io.github.swrcache.core.CacheTier;
import io.github.swrcache.core.CachePolicy;
import io.github.swrcache.core.RemoteOptions;
import io.github.swrcache.core.RemoteStatus;
import io.github.swrcache.core.SwrCache;
import io.github.swrcache.core.SwrCacheManager;
import io.github.swrcache.core.internal.redis.RedisTier;
import io.github.swrcache.core.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The race between a node's read or write of a key in Redis and another node's change of
 * the key, whose bus message arrives on another connection, before or after the reply it
 * races. Node B's store holds back chosen replies (Redis has run the command; only its
 * completion waits) and B's bus delivery can be held, so that each interleaving is
 * produced on purpose against a real redis-server: a change that Redis ran after B's read
 * or write keeps the result out of B's in-process tier; a message that merely arrives
 * late (its change ran before) does not.
 */
class BusOrderingIntegrationTests {

	private static final CachePolicy POLICY = CachePolicy.builder().ttl(Duration.ofMinutes(5)).jitter(0).build();

	private RedisServer redis;

	private final List<RedisClient> clients = new ArrayList<>();

	private SwrCacheManager managerA;

	private SwrCacheManager managerB;

	private SwrCache<String, String> a;

	private SwrCache<String, String> b;

	private final Gate gate = new Gate();

	private final HeldEvents busOfB = new HeldEvents();

	private final ExecutorService callers = Executors.newCachedThreadPool();

	@BeforeEach
	void start() {
		this.redis = RedisServer.start();
		String prefix = "order" + System.nanoTime();
		RemoteOptions options = RemoteOptions.builder().keyPrefix(prefix).build();
		this.managerA = SwrCacheManager.builder().nodeId("a").remote(client(), options).build();
		RedisTier tierB = RedisTier.connect(client(), options, "b", new ClusterClock(Clock.systemUTC()));
		this.managerB = SwrCacheManager.builder().nodeId("b").remoteTier(new GatedTier(tierB)).build();
		this.a = this.managerA.cache("orders", String.class, POLICY);
		this.b = this.managerB.cache("orders", String.class, POLICY);
	}

	private RedisClient client() {
		RedisClient client = RedisClient.create(this.redis.uri());
		this.clients.add(client);
		return client;
	}

	@AfterEach
	void stop() {
		this.gate.open();
		this.busOfB.release();
		this.callers.shutdownNow();
		this.managerA.close();
		this.managerB.close();
		this.clients.forEach(RedisClient::shutdown);
		this.redis.close();
	}

	@Test
	void aReadThatRedisRanBeforeAnotherNodesInvalidationIsNotInstalled() throws Exception {
		this.a.put("k", "v1");
		this.busOfB.awaitDelivered(1);
		this.gate.arm("readOrLock");
		Future<String> read = this.callers.submit(() -> this.b.get("k", (key) -> "loaded"));
		this.gate.awaitHeld();
		// Redis has answered B's read with v1; A's invalidation runs after it, and its
		// message reaches B before B installs what it read.
		this.busOfB.deliverOneWhile(() -> this.a.invalidate("k"));
		this.gate.open();
		assertThat(read.get(10, TimeUnit.SECONDS)).as("a read concurrent with the invalidation").isEqualTo("v1");
		assertThat(this.b.peek("k").tier()).as("B's copy after the read").isNotEqualTo(CacheTier.LOCAL);
		AtomicInteger loads = new AtomicInteger();
		assertThat(this.b.get("k", (key) -> "v2#" + loads.incrementAndGet())).isEqualTo("v2#1");
	}

	@Test
	void aCallerAfterAnotherNodesChangeIsNotHandedALoadThatReadBeforeIt() throws Exception {
		this.a.put("k", "v1");
		this.busOfB.awaitDelivered(1);
		this.gate.arm("readOrLock");
		Future<String> first = this.callers.submit(() -> this.b.get("k", (key) -> "loaded"));
		this.gate.awaitHeld();
		this.busOfB.deliverOneWhile(() -> this.a.invalidate("k"));
		// The first read is still held; a caller arriving now starts its own load
		// instead of joining it.
		Future<String> second = this.callers.submit(() -> this.b.get("k", (key) -> "v2"));
		assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("v2");
		this.gate.open();
		assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("v1");
		assertThat(this.b.peek("k").value()).isEqualTo("v2");
		assertThat(this.b.peek("k").tier()).isEqualTo(CacheTier.LOCAL);
	}

	@Test
	void aLateMessageOfAnEarlierChangeDoesNotKeepAReadOut() throws Exception {
		this.busOfB.hold();
		this.a.put("k", "v1");
		this.busOfB.awaitHeld(1);
		this.gate.arm("readOrLock");
		Future<String> read = this.callers.submit(() -> this.b.get("k", (key) -> "loaded"));
		this.gate.awaitHeld();
		// The put's message (the put ran before the read) arrives while the read is
		// under way.
		this.busOfB.deliverOneWhile(this.busOfB::release);
		this.gate.open();
		assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo("v1");
		assertThat(this.b.peek("k").tier()).as("B's copy after the read").isEqualTo(CacheTier.LOCAL);
	}

	@Test
	void aLateMessageDoesNotDropACopyReadAfterTheChange() throws Exception {
		this.busOfB.hold();
		this.a.put("k", "v1");
		this.busOfB.awaitHeld(1);
		assertThat(this.b.get("k", (key) -> "loaded")).isEqualTo("v1");
		assertThat(this.b.peek("k").tier()).isEqualTo(CacheTier.LOCAL);
		this.busOfB.deliverOneWhile(this.busOfB::release);
		assertThat(this.b.peek("k").tier()).as("B's copy, read after the put, once the put's message arrived")
			.isEqualTo(CacheTier.LOCAL);
		// A change that Redis runs after the read does drop it.
		this.busOfB.deliverOneWhile(() -> this.a.invalidate("k"));
		assertThat(this.b.peek("k").tier()).isNotEqualTo(CacheTier.LOCAL);
	}

	@Test
	void aLoadWrittenBeforeAnotherNodesInvalidationIsNotInstalled() throws Exception {
		this.gate.arm("writeAndUnlock");
		Future<String> read = this.callers.submit(() -> this.b.get("k", (key) -> "v1"));
		this.gate.awaitHeld();
		// Redis has stored B's load; A's invalidation runs after it.
		this.busOfB.deliverOneWhile(() -> this.a.invalidate("k"));
		this.gate.open();
		assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo("v1");
		assertThat(this.b.peek("k").tier()).as("B's copy after the load").isNotEqualTo(CacheTier.LOCAL);
		assertThat(this.b.get("k", (key) -> "v2")).isEqualTo("v2");
	}

	@Test
	void aLateMessageOfAChangeBeforeTheLoadDoesNotKeepTheLoadOut() throws Exception {
		this.busOfB.hold();
		this.a.invalidate("k");
		this.busOfB.awaitHeld(1);
		this.gate.arm("writeAndUnlock");
		Future<String> read = this.callers.submit(() -> this.b.get("k", (key) -> "v1"));
		this.gate.awaitHeld();
		this.busOfB.deliverOneWhile(this.busOfB::release);
		this.gate.open();
		assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo("v1");
		assertThat(this.b.peek("k").tier()).as("B's copy after the load").isEqualTo(CacheTier.LOCAL);
		assertThat(this.a.get("k", (key) -> "loaded by a")).as("the load reached Redis").isEqualTo("v1");
	}

	@Test
	void aPutOvertakenByAnotherNodesInvalidationIsNotInstalled() throws Exception {
		this.gate.arm("put");
		Future<?> put = this.callers.submit(() -> this.b.put("k", "v1"));
		this.gate.awaitHeld();
		this.busOfB.deliverOneWhile(() -> this.a.invalidate("k"));
		this.gate.open();
		put.get(10, TimeUnit.SECONDS);
		assertThat(this.b.peek("k").tier()).as("B's copy after its put").isNotEqualTo(CacheTier.LOCAL);
		assertThat(this.b.get("k", (key) -> "v2")).isEqualTo("v2");
	}

	@Test
	void aLateMessageDoesNotKeepOutTheFallbackALockDated() throws Exception {
		CachePolicy soft = CachePolicy.builder().ttl(Duration.ofMinutes(5)).jitter(0).softInvalidation(true).build();
		SwrCache<String, String> softA = this.managerA.cache("soft", String.class, soft);
		SwrCache<String, String> softB = this.managerB.cache("soft", String.class, soft);
		softA.get("k", (key) -> "old");
		this.busOfB.hold();
		softA.invalidate("k");
		this.busOfB.awaitHeld(1);
		this.gate.arm("readOrLockAll");
		Future<java.util.Map<String, String>> read = this.callers.submit(() -> softB.getAll(List.of("k"), (keys) -> {
			throw new IllegalStateException("source down");
		}));
		this.gate.awaitHeld();
		// The invalidation ran before B's bulk read locked the softened value; its
		// message arrives while the read is under way.
		this.busOfB.deliverOneWhile(this.busOfB::release);
		this.gate.open();
		assertThat(read.get(10, TimeUnit.SECONDS)).containsExactly(java.util.Map.entry("k", "old"));
		assertThat(softB.statistics().failSafeServed()).isEqualTo(1);
	}

	@Test
	void listeningEndsWithTheLoadsAndWrites() throws Exception {
		for (int i = 0; i < 50; i++) {
			String key = "k" + i;
			this.b.get(key, (k) -> k);
			this.b.put(key, "p");
			this.b.update(key, (value) -> value + "u");
			this.a.invalidate(key);
		}
		this.busOfB.awaitDelivered(50);
		DefaultSwrCache<String, String> cache = (DefaultSwrCache<String, String>) this.b;
		assertThat(cache.listenedKeys()).isZero();
	}

	/**
	 * Holds back the completion of one chosen kind of store call (once armed) until
	 * {@link #open()}: Redis runs the command; B sees its reply late.
	 */
	static final class Gate {

		private volatile @Nullable String method;

		private final CountDownLatch held = new CountDownLatch(1);

		private final CompletableFuture<Void> open = new CompletableFuture<>();

		void arm(String method) {
			this.method = method;
		}

		@SuppressWarnings("unchecked")
		Object pass(String name, Object result) {
			if (!name.equals(this.method) || !(result instanceof CompletableFuture<?> future)) {
				return result;
			}
			this.method = null;
			return future.whenComplete((value, error) -> this.held.countDown())
				.thenCombine(this.open, (value, ignored) -> value);
		}

		void awaitHeld() throws InterruptedException {
			assertThat(this.held.await(10, TimeUnit.SECONDS)).as("the held reply arrived").isTrue();
		}

		void open() {
			this.open.complete(null);
		}

	}

	/**
	 * B's bus: key messages are delivered at once, or held until released.
	 */
	static final class HeldEvents {

		private final List<Runnable> held = new ArrayList<>();

		private final AtomicInteger delivered = new AtomicInteger();

		private boolean holding;

		RemoteEvents around(RemoteEvents events) {
			return new RemoteEvents() {

				@Override
				public void keyChanged(String keyId, long micros) {
					deliver(() -> {
						events.keyChanged(keyId, micros);
						HeldEvents.this.delivered.incrementAndGet();
					});
				}

				@Override
				public void tagInvalidated(String tag, long at) {
					events.tagInvalidated(tag, at);
				}

				@Override
				public void cleared(long at) {
					events.cleared(at);
				}

				@Override
				public void resynchronize() {
					events.resynchronize();
				}

				@Override
				public void flushed(String glob) {
					events.flushed(glob);
				}

			};
		}

		private void deliver(Runnable message) {
			synchronized (this) {
				if (this.holding) {
					this.held.add(message);
					return;
				}
			}
			message.run();
		}

		synchronized void hold() {
			this.holding = true;
		}

		void release() {
			List<Runnable> messages;
			synchronized (this) {
				this.holding = false;
				messages = new ArrayList<>(this.held);
				this.held.clear();
			}
			messages.forEach(Runnable::run);
		}

		void awaitHeld(int count) {
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				synchronized (this) {
					return this.held.size() >= count;
				}
			});
		}

		/**
		 * Runs {@code action} and waits until B has been delivered one more key message
		 * (the one the action causes or releases).
		 */
		void deliverOneWhile(Runnable action) {
			int before = this.delivered.get();
			action.run();
			awaitDelivered(before + 1);
		}

		void awaitDelivered(int count) {
			await().atMost(Duration.ofSeconds(10)).until(() -> this.delivered.get() >= count);
		}

	}

	/**
	 * B's shared tier: the real Redis tier, with B's store calls passing the gate and its
	 * bus messages passing {@link HeldEvents}.
	 */
	final class GatedTier implements RemoteTier {

		private final RemoteTier tier;

		GatedTier(RemoteTier tier) {
			this.tier = tier;
		}

		@Override
		public boolean isShared() {
			return true;
		}

		@Override
		public long clockOffsetMillis() {
			return this.tier.clockOffsetMillis();
		}

		@Override
		@SuppressWarnings("unchecked")
		public <K, V> RemoteStore<K, V> store(String cacheName, Type valueType, RemoteEvents events,
				RemoteStats stats) {
			RemoteStore<K, V> store = this.tier.store(cacheName, valueType,
					BusOrderingIntegrationTests.this.busOfB.around(events), stats);
			InvocationHandler handler = (proxy, method, args) -> {
				try {
					return BusOrderingIntegrationTests.this.gate.pass(method.getName(), method.invoke(store, args));
				}
				catch (InvocationTargetException ex) {
					throw ex.getCause();
				}
			};
			return (RemoteStore<K, V>) Proxy.newProxyInstance(RemoteStore.class.getClassLoader(),
					new Class<?>[] { RemoteStore.class }, handler);
		}

		@Override
		public RemoteStatus status() {
			return this.tier.status();
		}

		@Override
		public void close() {
			this.tier.close();
		}

	}

}
