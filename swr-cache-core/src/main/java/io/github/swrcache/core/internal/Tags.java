package io.github.swrcache.core.internal;

import org.jspecify.annotations.Nullable;

/**
 * Validation of tag names.
 */
final class Tags {

	private Tags() {
	}

	static String require(@Nullable String tag) {
		if (tag == null || tag.isBlank()) {
			throw new IllegalArgumentException(
					"tag must not be null or blank, was " + ((tag != null) ? "'" + tag + "'" : null));
		}
		return tag;
	}

}
