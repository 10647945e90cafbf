package io.github.swrcache.spring.it;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.swrcache.core.testsupport.RedisEndpoint;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * Records every Redis key matching a pattern that a command touched, through Redis
 * keyspace notifications: what was ever written, even if deleted right after.
 */
final class KeyspaceEvents implements AutoCloseable {

	private final RedisClient client;

	private final StatefulRedisPubSubConnection<String, String> connection;

	private final Set<String> keys = ConcurrentHashMap.newKeySet();

	KeyspaceEvents(RedisEndpoint redis, String keyPattern) {
		this.client = RedisClient.create(redis.uri());
		try (var commands = this.client.connect()) {
			commands.sync().configSet("notify-keyspace-events", "KA");
		}
		this.connection = this.client.connectPubSub();
		this.connection.addListener(new RedisPubSubAdapter<>() {

			@Override
			public void message(String pattern, String channel, String message) {
				KeyspaceEvents.this.keys.add(channel.substring(channel.indexOf(':') + 1));
			}

		});
		this.connection.sync().psubscribe("__keyspace@*__:" + keyPattern);
	}

	/**
	 * The touched keys that hold values, leaving out locks and waiter flags.
	 * @return the value keys
	 */
	Set<String> dataKeys() {
		return Set.copyOf(this.keys.stream().filter((key) -> key.endsWith("}")).toList());
	}

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
	}

}
