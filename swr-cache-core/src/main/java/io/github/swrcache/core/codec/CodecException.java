package io.github.swrcache.core.codec;

import java.io.Serial;

/**
 * Thrown by a {@link ValueCodec} when a value cannot be encoded or bytes cannot be
 * decoded. The message names the target type, never the bytes or the value, so it is safe
 * to log; the cause, when there is one, is the underlying failure.
 */
public class CodecException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Creates a new exception.
	 * @param message the detail message, naming the target type
	 */
	public CodecException(String message) {
		super(message);
	}

	/**
	 * Creates a new exception.
	 * @param message the detail message, naming the target type
	 * @param cause the underlying failure
	 */
	public CodecException(String message, Throwable cause) {
		super(message, cause);
	}

}
