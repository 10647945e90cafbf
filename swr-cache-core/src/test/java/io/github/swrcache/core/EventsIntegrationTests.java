package io.github.swrcache.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.github.swrcache.core.event.BusReconnectedEvent;
import io.github.swrcache.core.event.CacheEvent;
import io.github.swrcache.core.event.CacheHitEvent;
import io.github.swrcache.core.event.CircuitStateChangedEvent;
import io.github.swrcache.core.event.ManagerEvent;
import io.github.swrcache.core.event.SwrCacheEvent.Type;
import io.github.swrcache.core.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Events that need Redis, on a real redis-server of the test's own: a contended lock
 * between two nodes, and the circuit and bus events of a node whose Redis is killed and
 * restarted.
 */
class EventsIntegrationTests {

	private static final CircuitBreakerSettings FAST_CIRCUIT = new CircuitBreakerSettings(50, 80,
			Duration.ofMillis(200), 10, 5, Duration.ofMillis(500), 2);

	private final CachePolicy policy = CachePolicy.builder()
		.ttl(Duration.ofMinutes(10))
		.staleWhileRevalidate(Duration.ofMinutes(10))
		.jitter(0)
		.build();

	private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);

	private final List<SwrCacheManager> managers = new ArrayList<>();

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private RedisServer redis;

	private ClientResources resources;

	private RedisClient client;

	@BeforeEach
	void start() {
		this.redis = RedisServer.start();
		this.resources = DefaultClientResources.builder()
			.reconnectDelay(Delay.constant(Duration.ofMillis(100)))
			.build();
		this.client = RedisClient.create(this.resources, this.redis.uri());
	}

	@AfterEach
	void stop() {
		this.threads.shutdownNow();
		this.managers.forEach(SwrCacheManager::close);
		this.client.shutdown();
		this.resources.shutdown();
		this.redis.close();
	}

	private SwrCacheManager node(Consumer<SwrCacheManager.Builder> customizer) {
		SwrCacheManager.Builder builder = SwrCacheManager.builder()
			.nodeId("node-" + this.managers.size())
			.remote(this.client,
					RemoteOptions.builder()
						.keyPrefix(this.prefix)
						.lockWait(Duration.ofSeconds(5))
						.commandTimeout(Duration.ofMillis(250))
						.circuitBreaker(FAST_CIRCUIT)
						.build());
		customizer.accept(builder);
		SwrCacheManager manager = builder.build();
		this.managers.add(manager);
		return manager;
	}

	@Test
	void nodeThatFindsTheKeyLockedElsewherePublishesLockContendedThenARemoteHit() throws Exception {
		SwrCache<String, String> first = node((builder) -> {
		}).cache("c", String.class, this.policy);
		SwrCache<String, String> second = node((builder) -> {
		}).cache("c", String.class, this.policy);
		List<CacheEvent> firstEvents = new CopyOnWriteArrayList<>();
		List<CacheEvent> secondEvents = new CopyOnWriteArrayList<>();
		first.eventPublisher().onEvent(firstEvents::add);
		second.eventPublisher().onEvent(secondEvents::add);
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Future<String> owner = this.threads.submit(() -> first.get("k", (key) -> {
			loading.countDown();
			release.await();
			return "from-first";
		}));
		assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
		Future<String> waiter = this.threads.submit(() -> second.get("k", (key) -> "from-second"));
		await().atMost(Duration.ofSeconds(5)).until(() -> !secondEvents.isEmpty());
		release.countDown();
		assertThat(owner.get(5, TimeUnit.SECONDS)).isEqualTo("from-first");
		assertThat(waiter.get(5, TimeUnit.SECONDS)).isEqualTo("from-first");
		assertThat(secondEvents).extracting(CacheEvent::type, CacheEvent::key)
			.containsExactly(tuple(Type.LOCK_CONTENDED, "k"), tuple(Type.HIT, "k"));
		assertThat(((CacheHitEvent) secondEvents.get(1)).tier()).isEqualTo(CacheTier.REMOTE);
		assertThat(firstEvents).extracting(CacheEvent::type).containsExactly(Type.LOAD_SUCCESS, Type.MISS);
		assertThat(second.statistics().locksContended()).isEqualTo(1);
	}

	@Test
	void killedAndRestartedRedisPublishesCircuitTransitionsAndOneBusReconnect() throws Exception {
		List<ManagerEvent> events = new CopyOnWriteArrayList<>();
		// A listener that throws neither disturbs the circuit nor keeps the next listener
		// from its events.
		SwrCacheManager manager = node((builder) -> builder.managerEventListener((event) -> {
			throw new IllegalStateException("listener bug");
		}).managerEventListener(events::add));
		SwrCache<String, String> cache = manager.cache("c", String.class, this.policy);
		assertThat(cache.get("warm", (key) -> "w")).isEqualTo("w");
		assertThat(events).isEmpty();
		this.redis.kill();
		for (int i = 0; i < 20 && !"OPEN".equals(manager.remoteStatus().circuitState()); i++) {
			assertThat(cache.get("cold" + i, (key) -> "v")).isEqualTo("v");
		}
		assertThat(manager.remoteStatus().circuitState()).isEqualTo("OPEN");
		assertThat(events).first()
			.isInstanceOfSatisfying(CircuitStateChangedEvent.class,
					(event) -> assertThat(event)
						.extracting(CircuitStateChangedEvent::fromState, CircuitStateChangedEvent::toState,
								ManagerEvent::nodeId)
						.containsExactly("CLOSED", "OPEN", manager.nodeId()));
		assertThat(events).noneMatch(BusReconnectedEvent.class::isInstance);
		this.redis.restart();
		// Each transition is published by the thread that made it (a caller, an I/O
		// thread,
		// the circuit's timer), so transitions close together may arrive in either order.
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(manager.remoteStatus().circuitState()).isEqualTo("CLOSED");
			assertThat(transitions(events)).anyMatch((event) -> event.toState().equals("CLOSED"));
			assertThat(events).anyMatch(BusReconnectedEvent.class::isInstance);
		});
		Set<String> allowed = Set.of("CLOSED>OPEN", "OPEN>HALF_OPEN", "HALF_OPEN>OPEN", "HALF_OPEN>CLOSED");
		assertThat(transitions(events))
			.allSatisfy((event) -> assertThat(event.fromState() + ">" + event.toState()).isIn(allowed));
		assertThat(transitions(events)).filteredOn((event) -> event.toState().equals("CLOSED")).hasSize(1);
		assertThat(events.stream().filter(BusReconnectedEvent.class::isInstance)).hasSize(1);
	}

	private static List<CircuitStateChangedEvent> transitions(List<ManagerEvent> events) {
		return events.stream()
			.filter(CircuitStateChangedEvent.class::isInstance)
			.map(CircuitStateChangedEvent.class::cast)
			.toList();
	}

}
