package io.github.swrcache.spring.autoconfigure;

import java.io.Serial;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at start-up when a {@code swr.cache.*} property has a value that swr-cache
 * rejects; {@link SwrCachePropertyFailureAnalyzer} turns it into a message that names the
 * property and the values it allows.
 */
public class InvalidSwrCachePropertyException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String property;

	private final @Nullable Object value;

	private final String rule;

	/**
	 * Creates a new exception.
	 * @param property the full name of the property, such as
	 * {@code swr.cache.defaults.ttl}
	 * @param value the bound value
	 * @param rule what the value must be, such as {@code must be positive}
	 * @param cause the validation error of swr-cache-core
	 */
	public InvalidSwrCachePropertyException(String property, @Nullable Object value, String rule,
			@Nullable Throwable cause) {
		super("Invalid value '" + value + "' for configuration property '" + property + "': " + rule, cause);
		this.property = property;
		this.value = value;
		this.rule = rule;
	}

	/**
	 * The full name of the property.
	 * @return the property name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * The rejected value, as bound.
	 * @return the value
	 */
	public @Nullable Object getValue() {
		return this.value;
	}

	/**
	 * What the value must be.
	 * @return the rule, such as {@code must be positive}
	 */
	public String getRule() {
		return this.rule;
	}

}
