package io.github.swrcache.core.internal;

/**
 * What the shared tier tells one cache about other nodes' writes and invalidations.
 */
public interface RemoteEvents {

	/**
	 * Another node wrote or invalidated a key.
	 * @param keyId the key's id, as {@link RemoteStore#keyId(Object)} made it
	 * @param micros when the shared tier ran the change (its server time in
	 * microseconds), to be compared with the times of this node's reads and writes of the
	 * key (see {@code KeyEars})
	 */
	void keyChanged(String keyId, long micros);

	/**
	 * Another node invalidated a tag.
	 * @param tag the tag
	 * @param at cluster time of the invalidation
	 */
	void tagInvalidated(String tag, long at);

	/**
	 * Another node invalidated the whole cache.
	 * @param at cluster time of the invalidation
	 */
	void cleared(long at);

	/**
	 * Invalidations may have been missed (the bus or the tier was down): drop the
	 * in-process tier and reload the marks.
	 */
	void resynchronize();

	/**
	 * Another node deleted the entries matching a glob from the shared tier: drop the
	 * in-process tier of this cache, and keep loads under way for matching keys from
	 * storing what they read before the deletion.
	 * @param glob the glob, as sent; a node that cannot parse it fences every load
	 */
	void flushed(String glob);

}
