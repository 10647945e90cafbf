package io.github.swrcache.spring.autoconfigure;

import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Hands a property's value to a validating setter of swr-cache-core and turns its
 * {@link IllegalArgumentException} ("ttl must be positive, was PT-5S") into an
 * {@link InvalidSwrCachePropertyException} that names the property.
 */
final class PropertyCheck {

	private static final Pattern RULE = Pattern.compile("\\b(must .*?)(?:, was .*)?$", Pattern.DOTALL);

	private PropertyCheck() {
	}

	static <T> void apply(String property, @Nullable T value, Consumer<@Nullable T> setter) {
		try {
			setter.accept(value);
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw invalid(property, value, ex);
		}
	}

	static <T> void applyIfSet(String property, @Nullable T value, Consumer<T> setter) {
		if (value != null) {
			apply(property, value, setter::accept);
		}
	}

	static InvalidSwrCachePropertyException invalid(String property, @Nullable Object value, RuntimeException ex) {
		String message = (ex.getMessage() != null) ? ex.getMessage() : "must be set";
		Matcher matcher = RULE.matcher(message);
		String rule = matcher.find() ? matcher.group(1) : message;
		return new InvalidSwrCachePropertyException(property, value, rule.replace("loadTimeout", "load-timeout"), ex);
	}

}
