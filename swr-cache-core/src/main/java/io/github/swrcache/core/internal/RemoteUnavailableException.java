package io.github.swrcache.core.internal;

import java.io.Serial;

/**
 * A shared-tier call that was not made: not connected yet, or the circuit breaker is
 * open. Counted as a bypass, not as an error; it has no stack trace.
 */
public final class RemoteUnavailableException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param reason why the call was not made
	 */
	public RemoteUnavailableException(String reason) {
		super(reason, null, false, false);
	}

}
