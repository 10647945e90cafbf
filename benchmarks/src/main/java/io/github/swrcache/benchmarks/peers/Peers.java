package io.github.swrcache.benchmarks.peers;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.github.swrcache.core.CachePolicy;
import io.github.swrcache.core.RemoteOptions;
import io.github.swrcache.core.RemoteStatus;
import io.github.swrcache.core.SwrCacheManager;
import io.github.swrcache.spring.cache.SwrSpringCacheManager;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;

import org.springframework.cache.Cache;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The caches compared, each able to start "instances": one simulated application node
 * with its own in-process tier and its own Redis connections.
 */
final class Peers {

	static final String CACHE = "bench";

	private Peers() {
	}

	/**
	 * What all instances of a run share: the Redis server, the Lettuce event loops, the
	 * loader and the cache settings.
	 */
	record Setup(RedisURI redis, ClientResources resources, Duration ttl, Duration staleBound, Duration commandTimeout,
			int refreshThreads, SharedLoader loader, String keyPrefix) {
	}

	/**
	 * One simulated node.
	 */
	interface Instance extends AutoCloseable {

		/** Reads a key the way the peer is used, loading through the shared loader. */
		Object get(String key) throws Exception;

		/** Whether the instance currently uses Redis, when it can tell. */
		default boolean remoteAvailable() {
			return true;
		}

		/** The instance's own counters, for the log, when it keeps any. */
		default String statistics() {
			return "";
		}

		@Override
		void close();

	}

	/**
	 * A cache under test.
	 */
	enum Peer {

		SWR("swr-cache (SwrSpringCacheManager)", true) {
			@Override
			Instance start(int index, Setup setup) {
				return swr(index, setup, SwrCacheManager.Builder.DEFAULT_LOCAL_MAX_ENTRIES);
			}
		},

		SWR_L2_ONLY("swr-cache, L1 off", true) {
			@Override
			Instance start(int index, Setup setup) {
				return swr(index, setup, 0);
			}
		},

		SPRING_CAFFEINE("Spring CaffeineCacheManager", false) {
			@Override
			Instance start(int index, Setup setup) {
				CaffeineCacheManager manager = new CaffeineCacheManager(CACHE);
				manager.setCaffeine(Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(setup.ttl()));
				return springCache(manager.getCache(CACHE), setup.loader(), null);
			}
		},

		REDIS_NON_LOCKING("RedisCacheManager, non-locking writer", true) {
			@Override
			Instance start(int index, Setup setup) {
				LettuceConnectionFactory factory = connectionFactory(setup);
				return redisCache(RedisCacheWriter.nonLockingRedisCacheWriter(factory), factory, setup);
			}
		},

		REDIS_LOCKING("RedisCacheManager, locking writer", true) {
			@Override
			Instance start(int index, Setup setup) {
				LettuceConnectionFactory factory = connectionFactory(setup);
				return redisCache(RedisCacheWriter.lockingRedisCacheWriter(factory), factory, setup);
			}
		},

		CAFFEINE_REFRESH("Caffeine refreshAfterWrite", false) {
			@Override
			Instance start(int index, Setup setup) {
				ExecutorService executor = Executors.newFixedThreadPool(setup.refreshThreads(), (runnable) -> {
					Thread thread = new Thread(runnable, "caffeine-refresh-" + index);
					thread.setDaemon(true);
					return thread;
				});
				SharedLoader loader = setup.loader();
				LoadingCache<String, Object> cache = Caffeine.newBuilder()
					.maximumSize(10_000)
					.refreshAfterWrite(setup.ttl())
					.expireAfterWrite(setup.ttl().plus(setup.staleBound()))
					.executor(executor)
					.build(loader::load);
				return new Instance() {
					@Override
					public Object get(String key) {
						return cache.get(key);
					}

					@Override
					public void close() {
						executor.shutdownNow();
					}
				};
			}
		};

		private final String label;

		private final boolean usesRedis;

		Peer(String label, boolean usesRedis) {
			this.label = label;
			this.usesRedis = usesRedis;
		}

		String label() {
			return this.label;
		}

		boolean usesRedis() {
			return this.usesRedis;
		}

		abstract Instance start(int index, Setup setup);

	}

	/**
	 * One swr-cache node on its own Redis client.
	 */
	static SwrNode swrNode(int index, Setup setup, long localMaxEntries) {
		RedisClient client = RedisClient.create(setup.resources(), setup.redis());
		SwrCacheManager manager = SwrCacheManager.builder()
			.nodeId("node-" + index)
			.localMaxEntries(localMaxEntries)
			.refreshThreads(setup.refreshThreads())
			.remote(client,
					RemoteOptions.builder().keyPrefix(setup.keyPrefix()).commandTimeout(setup.commandTimeout()).build())
			.build();
		return new SwrNode(manager, client);
	}

	static CachePolicy swrPolicy(Setup setup) {
		return CachePolicy.builder().ttl(setup.ttl()).staleWhileRevalidate(setup.staleBound()).jitter(0).build();
	}

	private static Instance swr(int index, Setup setup, long localMaxEntries) {
		SwrNode node = swrNode(index, setup, localMaxEntries);
		SwrCacheManager manager = node.manager();
		CachePolicy policy = swrPolicy(setup);
		SwrSpringCacheManager spring = new SwrSpringCacheManager(manager, (name) -> policy, (name) -> String.class);
		Cache cache = spring.getCache(CACHE);
		SharedLoader loader = setup.loader();
		return new Instance() {
			@Override
			public Object get(String key) {
				return cache.get(key, () -> loader.load(key));
			}

			@Override
			public boolean remoteAvailable() {
				RemoteStatus status = manager.remoteStatus();
				return status.isAvailable() && "CLOSED".equals(status.circuitState());
			}

			@Override
			public String statistics() {
				return manager.remoteStatus() + " " + manager.getCache(CACHE).statistics();
			}

			@Override
			public void close() {
				node.close();
			}
		};
	}

	static LettuceConnectionFactory connectionFactory(Setup setup) {
		RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(setup.redis().getHost(),
				setup.redis().getPort());
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.clientResources(setup.resources())
			.commandTimeout(setup.commandTimeout())
			.build();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(server, client);
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	private static Instance redisCache(RedisCacheWriter writer, LettuceConnectionFactory factory, Setup setup) {
		RedisCacheManager manager = RedisCacheManager.builder(writer)
			.cacheDefaults(RedisCacheConfiguration.defaultCacheConfig().entryTtl(setup.ttl()))
			.build();
		manager.afterPropertiesSet();
		return springCache(manager.getCache(CACHE), setup.loader(), factory);
	}

	private static Instance springCache(Cache cache, SharedLoader loader, LettuceConnectionFactory factory) {
		return new Instance() {
			@Override
			public Object get(String key) {
				return cache.get(key, () -> loader.load(key));
			}

			@Override
			public void close() {
				if (factory != null) {
					factory.destroy();
				}
			}
		};
	}

	/**
	 * A manager and the client it was built on, closed together.
	 */
	record SwrNode(SwrCacheManager manager, RedisClient client) implements AutoCloseable {

		@Override
		public void close() {
			this.manager.close();
			this.client.shutdown();
		}

	}

	/**
	 * The one loader of a run: sleeps for the load time, records when each load of each
	 * key started, and returns a value that carries when it was loaded (so a reader can
	 * tell how old the value it got is).
	 */
	static final class SharedLoader {

		private final long loadMillis;

		private final Map<String, ConcurrentLinkedQueue<Long>> starts = new ConcurrentHashMap<>();

		SharedLoader(long loadMillis) {
			this.loadMillis = loadMillis;
		}

		Object load(String key) throws InterruptedException {
			long started = System.nanoTime();
			this.starts.computeIfAbsent(key, (k) -> new ConcurrentLinkedQueue<>()).add(started);
			if (this.loadMillis > 0) {
				Thread.sleep(this.loadMillis);
			}
			return key + "@" + System.nanoTime();
		}

		Map<String, List<Long>> starts() {
			Map<String, List<Long>> copy = new ConcurrentHashMap<>();
			this.starts.forEach((key, queue) -> copy.put(key, List.copyOf(queue)));
			return copy;
		}

		long loads() {
			long loads = 0;
			for (ConcurrentLinkedQueue<Long> queue : this.starts.values()) {
				loads += queue.size();
			}
			return loads;
		}

		void reset() {
			this.starts.clear();
		}

		/**
		 * How long ago the value was loaded, or -1 if it is not one of ours.
		 */
		static long ageNanos(Object value, long now) {
			if (value instanceof String text) {
				int at = text.lastIndexOf('@');
				if (at >= 0) {
					return now - Long.parseLong(text, at + 1, text.length(), 10);
				}
			}
			return -1;
		}

	}

}
