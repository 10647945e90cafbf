package io.github.swrcache.core.internal.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import io.github.swrcache.core.PatternInvalidation;
import io.github.swrcache.core.codec.ValueCodec;
import io.github.swrcache.core.internal.CacheEntry;
import io.github.swrcache.core.internal.KeyGlob;
import io.github.swrcache.core.internal.RemoteEvents;
import io.github.swrcache.core.internal.RemoteStats;
import io.github.swrcache.core.internal.RemoteStore;
import io.github.swrcache.core.internal.redis.InvalidationBus.Op;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import org.jspecify.annotations.Nullable;

/**
 * One cache on Redis: reads decode the envelope (undecodable bytes are deleted, counted
 * and treated as a miss), loads take the key's lock in the same round trip as the read,
 * writes are fenced by the lock token, and a lease is renewed while a load outlives half
 * of it.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class RedisStore<K, V> implements RemoteStore<K, V>, InvalidationBus.Subscriber {

	private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

	private final RedisTier tier;

	private final String cacheName;

	private final RedisKeys keys;

	private final ValueCodec<V> codec;

	private final RemoteEvents events;

	private final RemoteStats stats;

	private final Map<String, ScheduledFuture<?>> renewals = new ConcurrentHashMap<>();

	private final PendingInvalidations pending;

	RedisStore(RedisTier tier, String cacheName, RedisKeys keys, ValueCodec<V> codec, RemoteEvents events,
			RemoteStats stats) {
		this.tier = tier;
		this.cacheName = cacheName;
		this.keys = keys;
		this.codec = codec;
		this.events = events;
		this.stats = stats;
		this.pending = new PendingInvalidations(tier.options().maxPendingInvalidations());
	}

	@Override
	public String keyId(K key) {
		return RedisKeys.keyId(key);
	}

	@Override
	public CompletableFuture<LockOutcome<V>> readOrLock(K key, String token, boolean refresh,
			Predicate<CacheEntry<V>> valid) {
		return readOrLock(key, token, refresh, valid, true);
	}

	private CompletableFuture<LockOutcome<V>> readOrLock(K key, String token, boolean refresh,
			Predicate<CacheEntry<V>> valid, boolean count) {
		String id = keyId(key);
		List<String> lockKeys = List.of(this.keys.data(id), this.keys.lock(id), this.keys.waiters(id));
		return this.tier
			.<List<Object>>evalIdempotent(RedisScripts.READ_OR_LOCK, RedisScripts.READ_OR_LOCK_AGAIN,
					ScriptOutputType.MULTI, lockKeys, this.stats, utf8(token), leaseArg(), utf8(Long.toString(now())),
					utf8(refresh ? "f" : "s"))
			.thenCompose((reply) -> {
				byte[] bytes = (byte[]) reply.get(0);
				boolean acquired = ((Long) reply.get(1)) == 1L;
				long observed = (reply.size() > 2) ? (Long) reply.get(2) : UNKNOWN_TIME;
				CacheEntry<V> decoded = (bytes != null) ? decode(id, bytes) : null;
				CacheEntry<V> entry = (decoded != null) ? decoded.observedAt(observed) : null;
				if (!acquired && entry != null && !valid.test(entry)) {
					// Time-valid, so the script spared the lock, but invalidated by a
					// mark:
					// lock it as if it were missing.
					return lockIfSame(id, bytes, token)
						.thenApply((won) -> locked(key, id, token, won != 0L, null, count));
				}
				return CompletableFuture.completedFuture(locked(key, id, token, acquired, entry, count));
			});
	}

	private LockOutcome<V> locked(K key, String id, String token, boolean acquired, @Nullable CacheEntry<V> entry,
			boolean count) {
		if (count || acquired) {
			countLock(key, acquired, entry);
		}
		if (acquired) {
			startRenewal(id, token);
		}
		return new LockOutcome<>(entry, acquired);
	}

	/**
	 * Locks a key whose value is still {@code bytes}.
	 * @return the server time of the lock in µs (the time at which the value was still
	 * those bytes), or 0 when the lock was not taken
	 */
	private CompletableFuture<Long> lockIfSame(String id, byte[] bytes, String token) {
		return this.tier.<Long>eval(RedisScripts.LOCK_IF_SAME, ScriptOutputType.INTEGER,
				List.of(this.keys.data(id), this.keys.lock(id), this.keys.waiters(id)), bytes, utf8(token), leaseArg());
	}

	@Override
	public CompletableFuture<Map<K, LockOutcome<V>>> readOrLockAll(Collection<K> keys, String token, boolean refresh,
			Predicate<CacheEntry<V>> valid) {
		List<K> ordered = new ArrayList<>(keys);
		List<String> ids = ordered.stream().map(this::keyId).toList();
		return this.tier.mget(ids.stream().map(this.keys::data).toList(), this.stats).thenCompose((values) -> {
			Map<K, LockOutcome<V>> outcomes = new LinkedHashMap<>();
			List<CompletableFuture<Void>> locks = new ArrayList<>();
			long now = now();
			for (int i = 0; i < ordered.size(); i++) {
				K key = ordered.get(i);
				String id = ids.get(i);
				KeyValue<byte[], byte[]> value = values.get(i);
				byte[] bytes = value.hasValue() ? value.getValue() : null;
				CacheEntry<V> entry = (bytes != null) ? decode(id, bytes) : null;
				boolean timeValid = entry != null && now < (refresh ? entry.freshUntil() : entry.staleUntil());
				if (timeValid && valid.test(entry)) {
					outcomes.put(key, new LockOutcome<>(entry, false));
					continue;
				}
				// Every lock attempt is sent before any reply is awaited: one pipeline.
				// The lock is taken only if the value is still what the MGET saw, so that
				// a
				// load that ended in between is awaited, not repeated.
				CompletableFuture<Long> attempt = (bytes != null) ? lockIfSame(id, bytes, token)
						: this.tier.<Long>eval(RedisScripts.LOCK_IF_ABSENT, ScriptOutputType.INTEGER,
								List.of(this.keys.data(id), this.keys.lock(id), this.keys.waiters(id)), utf8(token),
								leaseArg());
				CacheEntry<V> fallback = timeValid ? null : entry;
				locks.add(attempt.thenAccept((won) -> {
					LockOutcome<V> outcome = locked(key, id, token, won != 0L, null, true);
					// A lock taken on the same bytes dates the fallback: they were still
					// there at the lock's server time.
					CacheEntry<V> dated = (fallback != null && won != 0L) ? fallback.observedAt(won) : fallback;
					synchronized (outcomes) {
						outcomes.put(key, new LockOutcome<>(dated, outcome.acquired()));
					}
				}));
			}
			return CompletableFuture.allOf(locks.toArray(CompletableFuture[]::new)).thenApply((done) -> outcomes);
		});
	}

	@Override
	public CompletableFuture<@Nullable CacheEntry<V>> read(K key) {
		String id = keyId(key);
		return this.tier.get(this.keys.data(id), this.stats)
			.thenApply((bytes) -> (bytes != null) ? decode(id, bytes) : null);
	}

	@Override
	public CompletableFuture<Long> writeAndUnlock(K key, CacheEntry<V> entry, String token) {
		String id = keyId(key);
		stopRenewal(id);
		byte[] envelope = encode(entry);
		if (envelope == null) {
			return unlock(key, token).thenApply((done) -> UNKNOWN_TIME);
		}
		return this.tier
			.<Long>eval(RedisScripts.WRITE_AND_UNLOCK, ScriptOutputType.INTEGER,
					List.of(this.keys.data(id), this.keys.lock(id), this.keys.waiters(id)), utf8(token), envelope,
					ttlArg(entry), utf8(this.tier.channel()), message(Op.LOADED, id))
			.thenApply((written) -> (written == 0L) ? LOST : written);
	}

	@Override
	public CompletableFuture<Void> unlock(K key, String token) {
		String id = keyId(key);
		stopRenewal(id);
		return this.tier
			.<Long>eval(RedisScripts.UNLOCK, ScriptOutputType.INTEGER,
					List.of(this.keys.lock(id), this.keys.waiters(id)), utf8(token), utf8(this.tier.channel()),
					message(Op.LOADED, id))
			.thenApply((released) -> null);
	}

	@Override
	public CompletableFuture<LockOutcome<V>> awaitValue(K key, String token, Duration max,
			Predicate<CacheEntry<V>> acceptable) {
		String id = keyId(key);
		CompletableFuture<LockOutcome<V>> result = new CompletableFuture<>();
		Runnable check = () -> readOrLock(key, token, false, acceptable, false).whenComplete((outcome, error) -> {
			if (error != null || result.isDone()) {
				return;
			}
			CacheEntry<V> entry = outcome.entry();
			if (outcome.acquired() || (entry != null && acceptable.test(entry))) {
				if (!result.complete(outcome) && outcome.acquired()) {
					unlock(key, token);
				}
			}
		});
		this.tier.onLoaded(this.cacheName, id, check);
		long poll = Math.max(10, Math.min(100, max.toMillis() / 10));
		ScheduledFuture<?> polling = this.tier.scheduler()
			.scheduleWithFixedDelay(check, poll, poll, TimeUnit.MILLISECONDS);
		ScheduledFuture<?> deadline = this.tier.scheduler()
			.schedule(() -> result.complete(new LockOutcome<>(null, false)), max.toMillis(), TimeUnit.MILLISECONDS);
		result.whenComplete((entry, error) -> {
			this.tier.removeOnLoaded(this.cacheName, id, check);
			polling.cancel(false);
			deadline.cancel(false);
		});
		return result;
	}

	@Override
	public CompletableFuture<Void> put(K key, CacheEntry<V> entry) {
		String id = keyId(key);
		byte[] envelope = encode(entry);
		if (envelope == null) {
			return invalidate(key);
		}
		long at = now();
		byte[][] message = this.tier.messageAroundTime(Op.PUT, this.cacheName, id);
		return this.tier
			.<Long>eval(RedisScripts.PUT, ScriptOutputType.INTEGER,
					List.of(this.keys.data(id), this.keys.lock(id), this.keys.waiters(id)), envelope, ttlArg(entry),
					utf8(this.tier.channel()), message[0], message[1])
			.<Void>thenApply((done) -> null)
			// A write Redis missed must at least make the other nodes drop the old value.
			.whenComplete((done, error) -> keepIfFailed(error, PendingInvalidations.Pending.key(id, at)));
	}

	@Override
	public CompletableFuture<Void> invalidate(K key) {
		return invalidateId(keyId(key), now());
	}

	@Override
	public CompletableFuture<Void> invalidateTag(String tag, long at) {
		return this.tier
			.<Long>eval(RedisScripts.MARK_TAG, ScriptOutputType.INTEGER, List.of(this.keys.tagMarks()), utf8(tag),
					utf8(Long.toString(at)), utf8(Long.toString(at - markRetention())), utf8(this.tier.channel()),
					this.tier.message(Op.TAG, this.cacheName, at, tag))
			.<Void>thenApply((done) -> null)
			.whenComplete((done, error) -> keepIfFailed(error, PendingInvalidations.Pending.tag(tag, at)));
	}

	@Override
	public CompletableFuture<Void> invalidateAll(long at) {
		return this.tier.<Long>eval(RedisScripts.MARK_CLEAR, ScriptOutputType.INTEGER, List.of(this.keys.clearMark()),
				utf8(Long.toString(at)), utf8(this.tier.channel()), this.tier.message(Op.CLEAR, this.cacheName, at, ""))
			.<Void>thenApply((done) -> null)
			.whenComplete((done, error) -> keepIfFailed(error, PendingInvalidations.Pending.clear(at)));
	}

	private CompletableFuture<Void> invalidateId(String id, long at) {
		byte[][] message = this.tier.messageAroundTime(Op.EVICT, this.cacheName, id);
		return this.tier
			.<Long>eval(RedisScripts.INVALIDATE, ScriptOutputType.INTEGER,
					List.of(this.keys.data(id), this.keys.lock(id), this.keys.waiters(id)), utf8(this.tier.channel()),
					message[0], message[1])
			.<Void>thenApply((done) -> null)
			.whenComplete((done, error) -> keepIfFailed(error, PendingInvalidations.Pending.key(id, at)));
	}

	@Override
	public CompletableFuture<Void> softInvalidate(K key) {
		String id = keyId(key);
		long at = now();
		byte[][] message = this.tier.messageAroundTime(Op.EVICT, this.cacheName, id);
		return this.tier
			.<Long>eval(RedisScripts.SOFT_INVALIDATE, ScriptOutputType.INTEGER,
					List.of(this.keys.data(id), this.keys.lock(id), this.keys.waiters(id)), utf8(this.tier.channel()),
					message[0], message[1])
			.<Void>thenApply((done) -> null)
			// Queued as a plain key invalidation: deleting is the safe side of softening.
			.whenComplete((done, error) -> keepIfFailed(error, PendingInvalidations.Pending.key(id, at)));
	}

	private void keepIfFailed(@Nullable Throwable error, PendingInvalidations.Pending invalidation) {
		if (error != null) {
			this.pending.add(invalidation);
		}
	}

	PendingInvalidations pending() {
		return this.pending;
	}

	/**
	 * Sends again what Redis missed; whatever fails again stays pending.
	 */
	void drainPending() {
		for (PendingInvalidations.Pending invalidation : this.pending.drain()) {
			switch (invalidation.kind()) {
				case 'E' -> invalidateId(invalidation.subject(), invalidation.at());
				case 'T' -> invalidateTag(invalidation.subject(), invalidation.at());
				default -> invalidateAll(invalidation.at());
			}
		}
	}

	@Override
	public void onMessage(Op op, long time, String subject) {
		switch (op) {
			case PUT, EVICT -> this.events.keyChanged(subject, time);
			case TAG -> this.events.tagInvalidated(subject, time);
			case CLEAR -> this.events.cleared(time);
			case LOADED -> this.tier.wake(this.cacheName, subject);
			case FLUSH -> this.events.flushed(subject);
		}
	}

	@Override
	public void resynchronize() {
		this.events.resynchronize();
		loadMarks();
	}

	@Override
	public void loadMarks() {
		long now = now();
		try {
			for (ScoredValue<byte[]> mark : this.tier.tagMarks(this.keys.tagMarks(), now - markRetention(), this.stats)
				.join()) {
				this.events.tagInvalidated(new String(mark.getValue(), StandardCharsets.UTF_8), (long) mark.getScore());
			}
			byte[] clear = this.tier.get(this.keys.clearMark(), this.stats).join();
			if (clear != null) {
				this.events.cleared(Long.parseLong(new String(clear, StandardCharsets.US_ASCII)));
			}
		}
		catch (RuntimeException ex) {
			this.stats.remoteError(ex);
		}
	}

	private @Nullable CacheEntry<V> decode(String id, byte[] bytes) {
		try {
			EntryEnvelope.Decoded decoded = EntryEnvelope.decode(bytes);
			byte[] payload = decoded.payload();
			V value = (payload != null) ? this.codec.decode(payload) : null;
			EntryEnvelope.Fields fields = decoded.fields();
			return new CacheEntry<>(value, fields.createdAt(), fields.freshUntil(), fields.staleUntil(),
					fields.errorUntil(), fields.loadMillis(), fields.tags());
		}
		catch (RuntimeException ex) {
			// Untrusted bytes (garbage, an older format, a changed class): a miss. They
			// are
			// deleted unless something else was written meanwhile.
			this.stats.decodeFailure();
			this.tier.eval(RedisScripts.DELETE_IF_SAME, ScriptOutputType.INTEGER, List.of(this.keys.data(id)), bytes)
				.exceptionally((error) -> {
					this.stats.remoteError(error);
					return null;
				});
			return null;
		}
	}

	private byte @Nullable [] encode(CacheEntry<V> entry) {
		byte[] envelope;
		try {
			V value = entry.value();
			byte[] payload = (value != null) ? this.codec.encode(value) : null;
			envelope = EntryEnvelope.encode(
					new EntryEnvelope.Fields(entry.createdAt(), entry.freshUntil(), entry.staleUntil(),
							entry.errorUntil(), entry.loadMillis(), entry.tags()),
					payload, this.tier.options().compressionThreshold());
		}
		catch (RuntimeException ex) {
			this.stats.remoteError(ex);
			return null;
		}
		if (envelope.length > this.tier.options().maxValueSize()) {
			this.stats.oversizeValue();
			return null;
		}
		return envelope;
	}

	private void countLock(K key, boolean acquired, @Nullable CacheEntry<V> found) {
		if (acquired) {
			this.stats.lockAcquired();
		}
		else if (found == null || now() >= found.staleUntil()) {
			this.stats.lockContended(key);
		}
	}

	private void startRenewal(String id, String token) {
		long lease = this.tier.options().lockLease().toMillis();
		ScheduledFuture<?> renewal = this.tier.scheduler()
			.scheduleWithFixedDelay(() -> this.tier
				.<Long>eval(RedisScripts.RENEW, ScriptOutputType.INTEGER, List.of(this.keys.lock(id)), utf8(token),
						leaseArg())
				.whenComplete((renewed, error) -> {
					if (error != null || renewed == null || renewed == 0L) {
						stopRenewal(id);
					}
				}), lease / 2, lease / 2, TimeUnit.MILLISECONDS);
		ScheduledFuture<?> previous = this.renewals.put(id, renewal);
		if (previous != null) {
			previous.cancel(false);
		}
	}

	private void stopRenewal(String id) {
		ScheduledFuture<?> renewal = this.renewals.remove(id);
		if (renewal != null) {
			renewal.cancel(false);
		}
	}

	private byte[] message(Op op, String id) {
		return this.tier.message(op, this.cacheName, now(), id);
	}

	private long now() {
		return this.tier.clock().now();
	}

	/**
	 * How long tag marks are kept in Redis: a day, longer than any entry's windows in
	 * practice; marks older than the entries they could match are harmless, missing ones
	 * would resurrect entries.
	 */
	private static long markRetention() {
		return TimeUnit.DAYS.toMillis(1);
	}

	private byte[] leaseArg() {
		return utf8(Long.toString(this.tier.options().lockLease().toMillis()));
	}

	private byte[] ttlArg(CacheEntry<V> entry) {
		return utf8(Long.toString(Math.max(1, entry.errorUntil() - now())));
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public CompletableFuture<@Nullable PatternInvalidation> invalidateMatching(KeyGlob glob) {
		return new PatternScan(this.tier, this.cacheName, this.keys, glob).run()
			.thenCompose((done) -> this.tier.publish(this.tier.message(Op.FLUSH, this.cacheName, now(), glob.text()))
				.handle((receivers, error) -> {
					if (error != null) {
						throw new IllegalStateException(
								"deleted " + done.deleted()
										+ " entries, but could not tell the other nodes to flush their in-process tier",
								error);
					}
					return done;
				}));
	}

	@Override
	public CompletableFuture<LockOutcome<V>> lockForWrite(K key, String token, Duration max) {
		String id = keyId(key);
		CompletableFuture<LockOutcome<V>> result = new CompletableFuture<>();
		AtomicBoolean trying = new AtomicBoolean();
		Runnable attempt = () -> {
			if (result.isDone() || !trying.compareAndSet(false, true)) {
				return;
			}
			lockAndRead(id, token).whenComplete((outcome, error) -> {
				trying.set(false);
				if (error != null) {
					result.completeExceptionally(error);
				}
				else if (outcome.acquired()) {
					if (result.complete(outcome)) {
						startRenewal(id, token);
					}
					else {
						// Taken after the wait had ended: nobody will use it.
						unlock(key, token);
					}
				}
			});
		};
		this.tier.onLoaded(this.cacheName, id, attempt);
		long poll = Math.max(5, Math.min(50, max.toMillis() / 20));
		ScheduledFuture<?> polling = this.tier.scheduler()
			.scheduleWithFixedDelay(attempt, poll, poll, TimeUnit.MILLISECONDS);
		ScheduledFuture<?> deadline = this.tier.scheduler()
			.schedule(() -> result.complete(new LockOutcome<>(null, false)), max.toMillis(), TimeUnit.MILLISECONDS);
		result.whenComplete((outcome, error) -> {
			this.tier.removeOnLoaded(this.cacheName, id, attempt);
			polling.cancel(false);
			deadline.cancel(false);
		});
		attempt.run();
		return result;
	}

	private CompletableFuture<LockOutcome<V>> lockAndRead(String id, String token) {
		return this.tier
			.<List<Object>>eval(RedisScripts.LOCK_AND_READ, ScriptOutputType.MULTI,
					List.of(this.keys.data(id), this.keys.lock(id), this.keys.waiters(id)), utf8(token), leaseArg())
			.thenApply((reply) -> {
				byte[] bytes = (byte[]) reply.get(0);
				boolean acquired = ((Long) reply.get(1)) == 1L;
				return new LockOutcome<>((bytes != null) ? decode(id, bytes) : null, acquired);
			});
	}

	@Override
	public CompletableFuture<Boolean> writeFenced(K key, @Nullable CacheEntry<V> entry, String token) {
		String id = keyId(key);
		stopRenewal(id);
		byte[] envelope = (entry != null) ? encode(entry) : null;
		long at = now();
		// Not storable in Redis (too large, not encodable): the shared entry is deleted,
		// so that no node serves the value this write replaces.
		byte[][] message = this.tier.messageAroundTime((envelope != null) ? Op.PUT : Op.EVICT, this.cacheName, id);
		return this.tier
			.<Long>eval(RedisScripts.WRITE_FENCED, ScriptOutputType.INTEGER,
					List.of(this.keys.data(id), this.keys.lock(id), this.keys.waiters(id)), utf8(token),
					(envelope != null) ? envelope : new byte[0],
					utf8((entry != null) ? Long.toString(Math.max(1, entry.errorUntil() - at)) : "1"),
					utf8(this.tier.channel()), message[0], message[1], message(Op.LOADED, id))
			.thenApply((written) -> written != 0L)
			// A write whose outcome is unknown must at least make the other nodes drop
			// the old value.
			.whenComplete((written, error) -> keepIfFailed(error, PendingInvalidations.Pending.key(id, at)));
	}

}
