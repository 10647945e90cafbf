package io.github.swrcache.core;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.swrcache.core.internal.ClusterClock;
import io.github.swrcache.core.internal.RemoteEvents;
import io.github.swrcache.core.internal.RemoteStore;
import io.github.swrcache.core.internal.RemoteTier;
import io.github.swrcache.core.internal.redis.RedisTier;
import io.github.swrcache.core.testsupport.RedisEndpoint;
import io.github.swrcache.core.testsupport.RedisExtension;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A change another node announces on the bus must fence this node's load of the key even
 * when the key is not in this node's in-process tier yet: that load may have read the
 * value the change replaced. Found by the chaos soak (an old value served for a whole ttl
 * after an invalidation returned). The read of node A is held between Redis's answer and
 * its install by a gate around the real Redis store, so the bus message lands exactly
 * inside that window.
 */
@ExtendWith(RedisExtension.class)
class BusFenceIntegrationTests {

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private RedisClient client;

	private SwrCacheManager a;

	private SwrCacheManager b;

	@AfterEach
	void close() {
		this.threads.shutdownNow();
		if (this.a != null) {
			this.a.close();
		}
		if (this.b != null) {
			this.b.close();
		}
		if (this.client != null) {
			this.client.shutdown();
		}
	}

	@Test
	void changeFromAnotherNodeFencesALoadOfAKeyNotYetInTheLocalTier(RedisEndpoint redis) throws Exception {
		this.client = RedisClient.create(redis.uri());
		RemoteOptions options = RemoteOptions.builder().keyPrefix("fence").clockSync(false).build();
		CompletableFuture<Void> gate = new CompletableFuture<>();
		CountDownLatch readHeld = new CountDownLatch(1);
		CountDownLatch changeHeard = new CountDownLatch(1);
		RemoteTier tier = gated(RedisTier.connect(this.client, options, "a", new ClusterClock(Clock.systemUTC())), gate,
				readHeld, changeHeard);
		this.a = SwrCacheManager.builder().nodeId("a").remoteTier(tier).build();
		this.b = SwrCacheManager.builder().nodeId("b").remote(this.client, options).build();
		CachePolicy policy = CachePolicy.builder().ttl(Duration.ofMinutes(1)).jitter(0).build();
		SwrCache<String, String> onA = this.a.cache("c", String.class, policy);
		SwrCache<String, String> onB = this.b.cache("c", String.class, policy);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.a.remoteStatus().busSubscribed() && this.b.remoteStatus().busSubscribed());

		onB.put("k", "old");
		AtomicInteger loads = new AtomicInteger();
		Future<String> read = this.threads.submit(() -> onA.get("k", (key) -> "new-" + loads.incrementAndGet()));
		assertThat(readHeld.await(10, TimeUnit.SECONDS)).isTrue();
		onB.invalidate("k");
		assertThat(changeHeard.await(10, TimeUnit.SECONDS)).isTrue();
		gate.complete(null);

		// The caller that joined before the invalidation may get the old value; the
		// node must not keep it.
		assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo("old");
		assertThat(onA.peek("k").state()).isEqualTo(EntryState.ABSENT);
		assertThat(onA.get("k", (key) -> "new-" + loads.incrementAndGet())).isEqualTo("new-1");
		assertThat(loads).hasValue(1);
	}

	/**
	 * The real Redis tier, except that the first read-or-lock of node A completes only
	 * once {@code gate} does, and that node A's bus events count down
	 * {@code changeHeard}.
	 */
	private static RemoteTier gated(RemoteTier real, CompletableFuture<Void> gate, CountDownLatch readHeld,
			CountDownLatch changeHeard) {
		return proxy(RemoteTier.class, real, (method, args, result) -> {
			if (!method.getName().equals("store")) {
				return result.get();
			}
			RemoteEvents events = (RemoteEvents) args[2];
			args[2] = proxy(RemoteEvents.class, events, (m, a, r) -> {
				Object value = r.get();
				if (m.getName().equals("keyChanged")) {
					changeHeard.countDown();
				}
				return value;
			});
			RemoteStore<?, ?> store = (RemoteStore<?, ?>) result.get();
			return proxy(RemoteStore.class, store, (m, a, r) -> {
				Object value = r.get();
				if (m.getName().equals("readOrLock") && readHeld.getCount() > 0) {
					readHeld.countDown();
					return ((CompletableFuture<?>) value).thenCombine(gate, (outcome, open) -> outcome);
				}
				return value;
			});
		});
	}

	@FunctionalInterface
	private interface Call {

		Object get() throws Exception;

	}

	@FunctionalInterface
	private interface Interception {

		Object intercept(java.lang.reflect.Method method, Object[] args, Call proceed) throws Exception;

	}

	@SuppressWarnings("unchecked")
	private static <T> T proxy(Class<T> type, T target, Interception interception) {
		InvocationHandler handler = (self, method, args) -> {
			Object[] actual = (args != null) ? args : new Object[0];
			return interception.intercept(method, actual, () -> {
				try {
					return method.invoke(target, actual);
				}
				catch (InvocationTargetException ex) {
					throw (ex.getCause() instanceof Exception cause) ? cause : ex;
				}
			});
		};
		return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, handler);
	}

}
