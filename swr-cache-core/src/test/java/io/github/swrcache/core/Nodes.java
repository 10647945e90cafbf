package io.github.swrcache.core;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import io.lettuce.core.AbstractRedisClient;

/**
 * N cache managers, each with its own in-process tier and its own Redis connections, on
 * one Redis (standalone or Cluster): N application instances in one JVM. A fresh key
 * prefix per instance keeps tests apart on a shared server.
 */
final class Nodes implements AutoCloseable {

	final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);

	private final List<SwrCacheManager> managers = new ArrayList<>();

	Nodes(int count, AbstractRedisClient client, Clock clock, Consumer<SwrCacheManager.Builder> customizer) {
		for (int i = 0; i < count; i++) {
			SwrCacheManager.Builder builder = SwrCacheManager.builder()
				.nodeId("node-" + i)
				.clock(clock)
				.remote(client, options(RemoteOptions.builder()).build());
			customizer.accept(builder);
			this.managers.add(builder.build());
		}
	}

	/**
	 * The options every node of this test uses: the shared fake clock, and waits long
	 * enough for a 2-core machine running hundreds of test threads.
	 */
	RemoteOptions.Builder options(RemoteOptions.Builder builder) {
		return builder.keyPrefix(this.prefix).clockSync(false).lockWait(Duration.ofSeconds(5));
	}

	SwrCacheManager node(int index) {
		return this.managers.get(index);
	}

	<K, V> List<SwrCache<K, V>> caches(String name, Class<V> type, CachePolicy policy) {
		List<SwrCache<K, V>> caches = new ArrayList<>();
		for (SwrCacheManager manager : this.managers) {
			caches.add(manager.cache(name, type, policy));
		}
		return caches;
	}

	/**
	 * The documented layout: {@code prefix:cache:1:{keyId}}, where a key id that is empty
	 * or starts with '}' or a backslash gets a leading backslash (an empty hash tag would
	 * not keep a value and its lock in one slot).
	 */
	String dataKey(String cache, String keyId) {
		boolean escape = keyId.isEmpty() || keyId.charAt(0) == '}' || keyId.charAt(0) == '\\';
		return this.prefix + ":" + cache + ":1:{" + (escape ? "\\" : "") + keyId + "}";
	}

	/**
	 * The Redis errors counted by every cache of every node.
	 * @return the sum of {@link CacheStatistics#remoteErrors()}
	 */
	long remoteErrors() {
		long errors = 0;
		for (SwrCacheManager manager : this.managers) {
			for (String name : manager.cacheNames()) {
				SwrCache<?, ?> cache = manager.getCache(name);
				errors += (cache != null) ? cache.statistics().remoteErrors() : 0;
			}
		}
		return errors;
	}

	@Override
	public void close() {
		this.managers.forEach(SwrCacheManager::close);
	}

}
