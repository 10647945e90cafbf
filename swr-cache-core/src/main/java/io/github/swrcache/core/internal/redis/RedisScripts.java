package io.github.swrcache.core.internal.redis;

/**
 * The Lua scripts of the shared tier. Each touches only keys of one hash tag (a value,
 * its lock, its waiter flag), so each runs on one node of a Cluster. Entry times are read
 * from the envelope's ASCII header (see {@link EntryEnvelope}).
 */
final class RedisScripts {

	/**
	 * Sets {@code us} to the server's time in microseconds. A read or write whose result
	 * a node may install returns it, and a change tells it to the other nodes in its bus
	 * message, so that a node can tell which of the two Redis ran first (see
	 * {@code KeyEars}). Exact in Lua's doubles.
	 */
	private static final String NOW_MICROS = """
			local t = redis.call('TIME')
			local us = tonumber(t[1]) * 1000000 + tonumber(t[2])
			""";

	/**
	 * Publishes a change: the message is {@code prefix .. us .. suffix}, the time field
	 * being the server's time of the change.
	 */
	private static String publishChange(String channel, String prefix, String suffix) {
		return "redis.call('PUBLISH', " + channel + ", " + prefix + " .. string.format('%.0f', us) .. " + suffix
				+ ")\n";
	}

	/**
	 * Reads a value; when it is not servable, takes the lock or, failing that, raises the
	 * waiter flag so that the lock holder's write wakes this node.
	 *
	 * <pre>
	 * KEYS: value, lock, waiters
	 * ARGV: token, lease ms, now ms, 'f' (a refresh: only fresh spares the lock) or 's'
	 * returns {value or false, 1 when the lock was taken else 0, server time in µs}
	 * </pre>
	 */
	static final String READ_OR_LOCK;

	private static final String READ_OR_LOCK_BODY = """
			local v = redis.call('GET', KEYS[1])
			if v then
			  local from = (ARGV[4] == 'f') and 2 or 17
			  local untilTime = tonumber(string.sub(v, from, from + 14))
			  if untilTime and untilTime > tonumber(ARGV[3]) then return {v, 0, us} end
			end
			if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return {v or false, 1, us} end
			redis.call('SET', KEYS[3], '1', 'PX', ARGV[2])
			return {v or false, 0, us}
			""";

	/**
	 * Takes the lock of a key found missing by MGET, provided it is still missing: a
	 * value written between the MGET and this script (another node's load that ended) is
	 * then awaited, not loaded a second time. Otherwise raises the waiter flag.
	 *
	 * <pre>
	 * KEYS: value, lock, waiters
	 * ARGV: token, lease ms
	 * returns 1 when the lock was taken, else 0
	 * </pre>
	 */
	static final String LOCK_IF_ABSENT = """
			if redis.call('EXISTS', KEYS[1]) == 0 then
			  if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
			end
			redis.call('SET', KEYS[3], '1', 'PX', ARGV[2])
			return 0
			""";

	/**
	 * Takes the lock of a key whose value MGET found expired, or time-valid but
	 * invalidated by a tag or clear mark, provided the value is still those bytes
	 * (otherwise someone replaced it meanwhile, and this node waits for that value
	 * instead).
	 *
	 * <pre>
	 * KEYS: value, lock, waiters
	 * ARGV: the invalidated bytes, token, lease ms
	 * returns the server time in µs when the lock was taken (the value was still those
	 * bytes then), else 0 (and the waiter flag is raised)
	 * </pre>
	 */
	static final String LOCK_IF_SAME = NOW_MICROS + """
			if redis.call('GET', KEYS[1]) == ARGV[1] then
			  if redis.call('SET', KEYS[2], ARGV[2], 'NX', 'PX', ARGV[3]) then return us end
			end
			redis.call('SET', KEYS[3], '1', 'PX', ARGV[3])
			return 0
			""";

	/**
	 * The fenced write: stores the value only while the token holds the lock, releases
	 * the lock, and wakes waiting nodes when any raised the flag.
	 *
	 * <pre>
	 * KEYS: value, lock, waiters
	 * ARGV: token, envelope, ttl ms, channel, message
	 * returns the server time of the write in µs, or 0 when the token no longer held the lock
	 * </pre>
	 */
	static final String WRITE_AND_UNLOCK = NOW_MICROS + """
			if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
			redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
			redis.call('DEL', KEYS[2])
			if redis.call('DEL', KEYS[3]) == 1 then redis.call('PUBLISH', ARGV[4], ARGV[5]) end
			return us
			""";

	/**
	 * Releases the lock if the token still holds it, and wakes waiters so they load.
	 *
	 * <pre>
	 * KEYS: lock, waiters
	 * ARGV: token, channel, message
	 * </pre>
	 */
	static final String UNLOCK = """
			if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
			redis.call('DEL', KEYS[1])
			if redis.call('DEL', KEYS[2]) == 1 then redis.call('PUBLISH', ARGV[2], ARGV[3]) end
			return 1
			""";

	/**
	 * Extends the lease while the token holds the lock.
	 *
	 * <pre>
	 * KEYS: lock
	 * ARGV: token, lease ms
	 * </pre>
	 */
	static final String RENEW = """
			if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
			return redis.call('PEXPIRE', KEYS[1], ARGV[2])
			""";

	/**
	 * An explicit write: stores the value, removes the lock so that no load in progress
	 * can overwrite it, and tells the other nodes.
	 *
	 * <pre>
	 * KEYS: value, lock, waiters
	 * ARGV: envelope, ttl ms, channel, message prefix, message suffix
	 * returns the server time of the write in µs
	 * </pre>
	 */
	static final String PUT = NOW_MICROS + """
			redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
			redis.call('DEL', KEYS[2], KEYS[3])
			""" + publishChange("ARGV[3]", "ARGV[4]", "ARGV[5]") + """
			return us
			""";

	/**
	 * Deletes a value and its lock (fencing any load in progress) and tells the other
	 * nodes.
	 *
	 * <pre>
	 * KEYS: value, lock, waiters
	 * ARGV: channel, message prefix, message suffix
	 * </pre>
	 */
	static final String INVALIDATE = NOW_MICROS + """
			redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
			""" + publishChange("ARGV[1]", "ARGV[2]", "ARGV[3]") + """
			return 1
			""";

	/**
	 * A soft key invalidation: rewrites a version-1 envelope's fresh and stale ends (the
	 * ASCII header) to its creation time (the big-endian long after the header; epoch
	 * milliseconds are exact in Lua's doubles), keeping the rest and the key's TTL, so
	 * that the value is only an error-window fallback; anything else under the key is
	 * deleted. Deletes the lock (fencing any load in progress) and tells the other nodes.
	 *
	 * <pre>
	 * KEYS: value, lock, waiters
	 * ARGV: channel, message prefix, message suffix
	 * </pre>
	 */
	static final String SOFT_INVALIDATE = NOW_MICROS + """
			local v = redis.call('GET', KEYS[1])
			if v and string.len(v) >= 39 and string.sub(v, 1, 1) == '1' then
			  local created = 0
			  for i = 32, 39 do created = created * 256 + string.byte(v, i) end
			  local stale = tonumber(string.sub(v, 17, 31))
			  if stale and created < stale then
			    local at = string.format('%015.0f', created)
			    redis.call('SET', KEYS[1], '1' .. at .. at .. string.sub(v, 32), 'KEEPTTL')
			  end
			else
			  redis.call('DEL', KEYS[1])
			end
			redis.call('DEL', KEYS[2], KEYS[3])
			""" + publishChange("ARGV[1]", "ARGV[2]", "ARGV[3]") + """
			return 1
			""";

	/**
	 * Records a tag invalidation (keeping the latest time), prunes marks no live entry
	 * can predate, and tells the other nodes.
	 *
	 * <pre>
	 * KEYS: tag marks (sorted set: tag by time)
	 * ARGV: tag, time ms, horizon ms, channel, message
	 * </pre>
	 */
	static final String MARK_TAG = """
			redis.call('ZADD', KEYS[1], 'GT', ARGV[2], ARGV[1])
			redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3])
			redis.call('PUBLISH', ARGV[4], ARGV[5])
			return 1
			""";

	/**
	 * Records a whole-cache invalidation, keeping the latest time, and tells the other
	 * nodes.
	 *
	 * <pre>
	 * KEYS: clear mark
	 * ARGV: time ms, channel, message
	 * </pre>
	 */
	static final String MARK_CLEAR = """
			local current = tonumber(redis.call('GET', KEYS[1]))
			if (not current) or current < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end
			redis.call('PUBLISH', ARGV[2], ARGV[3])
			return 1
			""";

	/**
	 * Deletes a value only if it still holds the bytes that could not be decoded.
	 *
	 * <pre>
	 * KEYS: value
	 * ARGV: the undecodable bytes
	 * </pre>
	 */
	static final String DELETE_IF_SAME = """
			if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
			return 0
			""";

	/**
	 * Takes the lock of a key for an atomic write and reads its value, or raises the
	 * waiter flag so that the holder's release wakes this node.
	 *
	 * <pre>
	 * KEYS: value, lock, waiters
	 * ARGV: token, lease ms
	 * returns {value or false, 1 when the lock was taken else 0}
	 * </pre>
	 */
	static final String LOCK_AND_READ = """
			if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
			  return {redis.call('GET', KEYS[1]) or false, 1}
			end
			redis.call('SET', KEYS[3], '1', 'PX', ARGV[2])
			return {false, 0}
			""";

	/**
	 * The fenced write of an atomic write: only while the token holds the lock, stores
	 * the value (or deletes it when the envelope is empty), releases the lock, tells the
	 * other nodes (put or evict), and wakes waiting nodes when any raised the flag.
	 *
	 * <pre>
	 * KEYS: value, lock, waiters
	 * ARGV: token, envelope or '' to delete, ttl ms, channel, put or evict message prefix
	 * and suffix, wake message
	 * returns the server time of the write in µs, 0 when the token no longer held the lock
	 * </pre>
	 */
	static final String WRITE_FENCED = NOW_MICROS + """
			if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
			if ARGV[2] == '' then
			  redis.call('DEL', KEYS[1])
			else
			  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
			end
			redis.call('DEL', KEYS[2])
			""" + publishChange("ARGV[4]", "ARGV[5]", "ARGV[6]") + """
			if redis.call('DEL', KEYS[3]) == 1 then redis.call('PUBLISH', ARGV[4], ARGV[7]) end
			return us
			""";

	/**
	 * {@link #READ_OR_LOCK} as sent again after its connection was reset: the first
	 * attempt may have taken the lock with this token before the reply was lost, so a
	 * lock held by the same token counts as taken by this call, which makes the retry
	 * idempotent.
	 *
	 * <pre>
	 * KEYS and ARGV: as {@link #READ_OR_LOCK}
	 * </pre>
	 */
	static final String READ_OR_LOCK_AGAIN;

	static {
		READ_OR_LOCK = NOW_MICROS + READ_OR_LOCK_BODY;
		READ_OR_LOCK_AGAIN = NOW_MICROS + """
				if redis.call('GET', KEYS[2]) == ARGV[1] then
				  return {redis.call('GET', KEYS[1]) or false, 1, us}
				end
				""" + READ_OR_LOCK_BODY;
	}

	private RedisScripts() {
	}

}
