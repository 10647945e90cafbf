package io.github.swrcache.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * What this node heard on the bus about the keys it is loading or writing, so that it
 * never installs in its in-process tier a value that another node's change has replaced.
 * <p>
 * A load reads the shared tier (or writes its result there) on one connection while the
 * bus delivers other nodes' changes on another, so a message may arrive before or after
 * the reply it races, whichever of the two Redis ran first. Both therefore carry the time
 * at which Redis ran them (the server's {@code TIME} in microseconds, one clock per key
 * since a key lives on one server): an {@link Ear} is opened for the key before its first
 * command is sent, records the latest change it hears, and {@link Ear#heardSince(long)}
 * tells whether a change ran at or after the read or write whose result is about to be
 * installed. A change that ran earlier (its message merely arrived late) does not stop
 * the install; one that ran later does.
 *
 * @param <K> the key type
 */
final class KeyEars<K> {

	/** The ear of a cache without a shared tier: no other node, nothing to hear. */
	static final Ear DEAF = new Ear("", "");

	/** The observed time of a result whose Redis time is unknown. */
	static final long UNKNOWN = 0;

	private final @Nullable Function<K, String> keyIds;

	private final ConcurrentHashMap<String, Ear> ears = new ConcurrentHashMap<>();

	/**
	 * Creates the ears of a cache.
	 * @param keyIds the key ids of the shared tier, or {@code null} without one
	 */
	KeyEars(@Nullable Function<K, String> keyIds) {
		this.keyIds = keyIds;
	}

	/**
	 * Starts listening for changes of {@code key}; to be called before the first command
	 * whose result may be installed is sent, and closed with {@link #close(Ear)}.
	 * @param key the key
	 * @return the key's ear, shared with anyone else listening to the key
	 */
	Ear open(K key) {
		if (this.keyIds == null) {
			return DEAF;
		}
		return this.ears.compute(this.keyIds.apply(key), (id, ear) -> {
			Ear open = (ear != null) ? ear : new Ear(id, key);
			open.listeners++;
			return open;
		});
	}

	/**
	 * Stops listening; the ear goes once nobody listens.
	 * @param ear an ear {@link #open(Object)} returned
	 */
	void close(Ear ear) {
		if (ear != DEAF) {
			this.ears.computeIfPresent(ear.keyId, (id, open) -> (open == ear && --open.listeners == 0) ? null : open);
		}
	}

	/**
	 * Another node changed a key. An ear opened after this call cannot miss the change:
	 * the change ran before the message was sent, so before any command sent later.
	 * @param keyId the key id the message names
	 * @param micros when Redis ran the change
	 * @return the key listened to under that key id, or {@code null} when nobody listens
	 */
	@SuppressWarnings("unchecked")
	@Nullable K heard(String keyId, long micros) {
		Ear ear = this.ears.get(keyId);
		if (ear != null) {
			ear.hear(micros);
			return (K) ear.key;
		}
		return null;
	}

	/**
	 * How many keys are listened to (for tests).
	 * @return the count
	 */
	int size() {
		return this.ears.size();
	}

	/**
	 * The changes heard about one key.
	 */
	static final class Ear {

		private static final VarHandle HEARD;

		static {
			try {
				HEARD = MethodHandles.lookup().findVarHandle(Ear.class, "heard", long.class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		private final String keyId;

		private final Object key;

		/** Guarded by the map entry's lock in {@link KeyEars}. */
		private int listeners;

		private volatile long heard = Long.MIN_VALUE;

		private Ear(String keyId, Object key) {
			this.keyId = keyId;
			this.key = key;
		}

		private void hear(long micros) {
			long current = this.heard;
			while (micros > current && !HEARD.weakCompareAndSet(this, current, micros)) {
				current = this.heard;
			}
		}

		/**
		 * Whether a change heard ran at or after {@code observedMicros}, so that a result
		 * read or written then may be older than it.
		 * @param observedMicros when Redis ran the read or write of the result, or
		 * {@link KeyEars#UNKNOWN}: then any change heard counts
		 * @return whether the result must not be installed
		 */
		boolean heardSince(long observedMicros) {
			return this.heard >= observedMicros;
		}

	}

}
