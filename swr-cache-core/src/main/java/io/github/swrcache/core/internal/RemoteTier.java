package io.github.swrcache.core.internal;

import java.lang.reflect.Type;

import io.github.swrcache.core.RemoteStatus;

/**
 * The seam of the shared tier (L2): storage, distributed locks and the invalidation bus
 * of all caches of one manager. Without a shared tier the manager uses
 * {@link LocalOnlyTier}, whose locks are always won and whose storage is empty, so there
 * is one read path, not two.
 */
public interface RemoteTier extends AutoCloseable {

	/**
	 * Whether other nodes share this tier. When they do, the in-process tier keeps
	 * entries no longer than {@code local.max-ttl}, the bound on staleness if an
	 * invalidation message is lost.
	 * @return {@code false} for {@link LocalOnlyTier}
	 */
	boolean isShared();

	/**
	 * The server clock minus the local clock, measured when connecting.
	 * @return the offset in milliseconds
	 */
	long clockOffsetMillis();

	/**
	 * The store of one cache.
	 * @param cacheName the cache's name
	 * @param valueType the cache's declared value type, for the codec
	 * @param events receives other nodes' invalidations of this cache
	 * @param stats counts what the shared tier saw
	 * @param <K> the key type
	 * @param <V> the value type
	 * @return the store
	 */
	<K, V> RemoteStore<K, V> store(String cacheName, Type valueType, RemoteEvents events, RemoteStats stats);

	/**
	 * The state of the shared tier.
	 * @return the status
	 */
	RemoteStatus status();

	@Override
	void close();

}
