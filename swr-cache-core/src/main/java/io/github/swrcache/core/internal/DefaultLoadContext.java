package io.github.swrcache.core.internal;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

import io.github.swrcache.core.LoadContext;
import org.jspecify.annotations.Nullable;

/**
 * The {@link LoadContext} of one load.
 *
 * @param <V> the value type
 */
final class DefaultLoadContext<V> implements LoadContext<V> {

	private final @Nullable V staleValue;

	private final boolean refresh;

	private final Set<String> tags = new LinkedHashSet<>();

	private @Nullable Duration ttl;

	private boolean store = true;

	DefaultLoadContext(@Nullable V staleValue, boolean refresh) {
		this.staleValue = staleValue;
		this.refresh = refresh;
	}

	@Override
	public @Nullable V staleValue() {
		return this.staleValue;
	}

	@Override
	public boolean isRefresh() {
		return this.refresh;
	}

	@Override
	public void addTags(String... tags) {
		for (String tag : tags) {
			this.tags.add(Tags.require(tag));
		}
	}

	@Override
	public Set<String> tags() {
		return Collections.unmodifiableSet(this.tags);
	}

	@Override
	public void ttl(Duration ttl) {
		Objects.requireNonNull(ttl, "ttl must not be null");
		if (ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("ttl must be positive, was " + ttl);
		}
		this.ttl = ttl;
	}

	@Override
	public void doNotStore() {
		this.store = false;
	}

	boolean shouldStore() {
		return this.store;
	}

	@Nullable Duration ttlOverride() {
		return this.ttl;
	}

	String[] tagArray() {
		return this.tags.isEmpty() ? CacheEntry.NO_TAGS : this.tags.toArray(String[]::new);
	}

}
