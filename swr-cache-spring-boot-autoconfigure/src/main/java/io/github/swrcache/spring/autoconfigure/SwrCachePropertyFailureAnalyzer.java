package io.github.swrcache.spring.autoconfigure;

import java.time.Duration;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.util.unit.DataSize;

/**
 * Explains an {@link InvalidSwrCachePropertyException}: which property, which value, and
 * which values are allowed.
 */
class SwrCachePropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSwrCachePropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidSwrCachePropertyException cause) {
		String description = "Invalid value '" + cause.getValue() + "' for configuration property '"
				+ cause.getProperty() + "': it " + cause.getRule() + ".";
		String action = "Update '" + cause.getProperty() + "' in your application's configuration. Allowed values: "
				+ allowedValues(cause) + ".";
		return new FailureAnalysis(description, action, cause);
	}

	/**
	 * Whether a property is one of the two load timeouts, for which 0 means none.
	 */
	private static boolean isLoadTimeout(String property) {
		return property.endsWith(".load-timeout") || property.endsWith(".load-hard-timeout");
	}

	private static String allowedValues(InvalidSwrCachePropertyException cause) {
		String rule = cause.getRule();
		Object value = cause.getValue();
		if (value instanceof Duration && isLoadTimeout(cause.getProperty())) {
			if (rule.startsWith("must not be shorter than load-timeout")) {
				return "0 for no limit, or a duration no shorter than load-timeout, such as 5s or 1m";
			}
			return "0 for no limit, or a positive duration such as 500ms, 30s, 5m, 1h or PT1H";
		}
		if (value instanceof Duration) {
			String examples = " such as 500ms, 30s, 5m, 1h or PT1H";
			if (rule.startsWith("must be zero or positive")) {
				return "zero or a positive duration," + examples;
			}
			if (rule.equals("must be positive")) {
				return "a positive duration," + examples;
			}
		}
		if (value instanceof DataSize) {
			return "a size such as 0, 512B, 64KB or 1MB, up to " + Integer.MAX_VALUE + " bytes";
		}
		if (rule.startsWith("must be in [0, 1)")) {
			return "a number from 0 up to, not including, 1, such as 0.1";
		}
		if (rule.equals("must be positive")) {
			return "a whole number greater than 0";
		}
		if (rule.equals("must be zero or positive")) {
			return "0 or a whole number greater than 0";
		}
		return "a value that " + rule;
	}

}
