package io.github.swrcache.core.internal.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.jspecify.annotations.Nullable;

/**
 * Redis pub/sub, one channel per key prefix. A message is
 * {@code 1|node|op|cache|time|subject} (the subject, a key id or a tag, comes last and
 * may hold any character). A node ignores its own messages. Lettuce re-subscribes after a
 * reconnect; since messages sent meanwhile are lost, every re-subscription makes each
 * cache resynchronize (drop its in-process tier, reload its marks).
 */
final class InvalidationBus implements AutoCloseable {

	private static final System.Logger logger = System.getLogger(InvalidationBus.class.getName());

	private final StatefulRedisPubSubConnection<byte[], byte[]> connection;

	private final String nodeId;

	private final byte[] channel;

	private final Function<String, ? extends @Nullable Subscriber> subscribers;

	private final AtomicInteger subscriptions = new AtomicInteger();

	private final Runnable onResubscribed;

	private final Executor resynchronizer;

	private volatile boolean closed;

	/**
	 * Subscribes to the channel.
	 * @param connection the pub/sub connection
	 * @param nodeId this node's id
	 * @param channel the channel of this key prefix
	 * @param timeout how long the first subscription may take
	 * @param subscribers the subscriber of each cache name
	 * @param onResubscribed what to do after a re-subscription (resynchronize)
	 * @param resynchronizer runs it off the connection's I/O thread (it reads from Redis,
	 * and blocking that thread would stall the reads themselves)
	 */
	InvalidationBus(StatefulRedisPubSubConnection<byte[], byte[]> connection, String nodeId, String channel,
			Duration timeout, Function<String, ? extends @Nullable Subscriber> subscribers, Runnable onResubscribed,
			Executor resynchronizer) {
		this.connection = connection;
		this.nodeId = nodeId;
		this.channel = channel.getBytes(StandardCharsets.UTF_8);
		this.subscribers = subscribers;
		this.onResubscribed = onResubscribed;
		this.resynchronizer = resynchronizer;
		connection.addListener(new RedisPubSubAdapter<>() {

			@Override
			public void message(byte[] channel, byte[] message) {
				dispatch(message);
			}

			@Override
			public void subscribed(byte[] channel, long count) {
				if (InvalidationBus.this.subscriptions.incrementAndGet() > 1 && !InvalidationBus.this.closed) {
					logger.log(System.Logger.Level.INFO,
							"Invalidation bus re-subscribed: dropping in-process entries and reloading marks");
					InvalidationBus.this.resynchronizer.execute(InvalidationBus.this.onResubscribed);
				}
			}

		});
		try {
			connection.async().subscribe(this.channel).get(timeout.toMillis() * 4, TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot subscribe to the invalidation channel " + channel, ex);
		}
	}

	static byte[] message(String nodeId, Op op, String cacheName, long time, String subject) {
		return ("1|" + nodeId + "|" + op.code + "|" + cacheName + "|" + time + "|" + subject)
			.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A message whose time a script fills in (the server's time of the change, see
	 * {@code RedisScripts}): the text before the time and the text after it.
	 */
	static byte[][] messageAroundTime(String nodeId, Op op, String cacheName, String subject) {
		return new byte[][] { ("1|" + nodeId + "|" + op.code + "|" + cacheName + "|").getBytes(StandardCharsets.UTF_8),
				("|" + subject).getBytes(StandardCharsets.UTF_8) };
	}

	/**
	 * How many times the subscription was confirmed: 1 after start, one more per
	 * reconnect.
	 * @return the count
	 */
	int subscriptions() {
		return this.subscriptions.get();
	}

	boolean isConnected() {
		return this.connection.isOpen();
	}

	private void dispatch(byte[] bytes) {
		String text = new String(bytes, StandardCharsets.UTF_8);
		String[] parts = text.split("\\|", 6);
		if (parts.length != 6 || !"1".equals(parts[0])) {
			logger.log(System.Logger.Level.DEBUG, "Ignoring a bus message of an unknown format");
			return;
		}
		if (this.nodeId.equals(parts[1])) {
			return;
		}
		Subscriber subscriber = this.subscribers.apply(parts[3]);
		Op op = Op.of(parts[2]);
		if (subscriber == null || op == null) {
			return;
		}
		long time;
		try {
			time = Long.parseLong(parts[4]);
		}
		catch (NumberFormatException ex) {
			return;
		}
		subscriber.onMessage(op, time, parts[5]);
	}

	@Override
	public void close() {
		this.closed = true;
		this.connection.close();
	}

	/**
	 * The operations a message carries.
	 */
	enum Op {

		/** A key was written. */
		PUT("P"),

		/** A key was invalidated. */
		EVICT("E"),

		/** A tag was invalidated. */
		TAG("T"),

		/** The whole cache was invalidated. */
		CLEAR("C"),

		/** A load landed where another node waits. */
		LOADED("L"),

		/**
		 * Entries matching a glob (the subject) were deleted: flush the in-process tier
		 * of the cache. Nodes that predate it ignore it, like any unknown operation.
		 */
		FLUSH("F");

		final String code;

		Op(String code) {
			this.code = code;
		}

		static @Nullable Op of(String code) {
			for (Op op : values()) {
				if (op.code.equals(code)) {
					return op;
				}
			}
			return null;
		}

	}

	/**
	 * One cache's side of the bus.
	 */
	interface Subscriber {

		void onMessage(Op op, long time, String subject);

		void resynchronize();

	}

}
