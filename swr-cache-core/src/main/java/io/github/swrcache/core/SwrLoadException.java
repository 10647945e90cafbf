package io.github.swrcache.core;

import java.io.Serial;

/**
 * Thrown to a caller that had to wait for a load when the load failed or timed out and no
 * fail-safe value was available. The cause is the loader's exception, or a
 * {@link java.util.concurrent.TimeoutException} for a hard timeout.
 */
public class SwrLoadException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String cacheName;

	/**
	 * Creates a new exception.
	 * @param cacheName the cache whose load failed
	 * @param message the detail message
	 * @param cause the loader's exception or the timeout
	 */
	public SwrLoadException(String cacheName, String message, Throwable cause) {
		super(message, cause);
		this.cacheName = cacheName;
	}

	/**
	 * The name of the cache whose load failed.
	 * @return the cache name
	 */
	public String getCacheName() {
		return this.cacheName;
	}

}
