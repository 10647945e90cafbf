package io.github.swrcache.core;

import java.io.Serial;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by {@link SwrCache#update}, {@link SwrCache#putIfAbsent} and
 * {@link SwrCache#replace} when the write could not be made atomically: the key's lock
 * stayed with another writer or load for longer than the lock wait, or the key was
 * invalidated or written by someone else while the write held its lock (the other write
 * wins). Nothing was written; the caller may retry.
 */
public class SwrWriteConflictException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String cacheName;

	/**
	 * Creates a new exception.
	 * @param cacheName the cache of the write
	 * @param message the detail message
	 * @param cause the cause, or {@code null}
	 */
	public SwrWriteConflictException(String cacheName, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.cacheName = cacheName;
	}

	/**
	 * The name of the cache of the write.
	 * @return the cache name
	 */
	public String getCacheName() {
		return this.cacheName;
	}

}
