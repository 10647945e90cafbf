package io.github.swrcache.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Soft invalidation (DESIGN.md §5), in-process: an invalidated value is never served as
 * fresh or stale, but while its reload fails it is the fail-safe value, until the end of
 * its {@code stale-if-error} window. Off by default, where it is never served again.
 * Policy: 10 s fresh, 20 s stale, 30 s fail-safe, retries throttled for 5 s.
 */
class SoftInvalidationTests extends AbstractEngineTests {

	private final CachePolicy hard = this.policy.mutate().failSafeThrottle(Duration.ofSeconds(5)).build();

	private final CachePolicy soft = this.hard.mutate().softInvalidation(true).build();

	@Test
	void isOffByDefault() {
		assertThat(CachePolicy.DEFAULT_SOFT_INVALIDATION).isFalse();
		assertThat(CachePolicy.defaults().softInvalidation()).isFalse();
		assertThat(this.soft.softInvalidation()).isTrue();
		assertThat(this.soft).isNotEqualTo(this.hard);
		assertThat(this.soft.mutate().build()).isEqualTo(this.soft).hasSameHashCodeAs(this.soft);
		assertThat(this.soft.toString()).contains("softInvalidation=true");
	}

	@Test
	void keyInvalidationReloadsAndFallsBackToTheInvalidatedValueWhenTheReloadFails() {
		failedReloadServesTheInvalidatedValue((cache) -> cache.invalidate("a"));
	}

	@Test
	void tagInvalidationReloadsAndFallsBackToTheInvalidatedValueWhenTheReloadFails() {
		failedReloadServesTheInvalidatedValue((cache) -> cache.invalidateTag("tenant:7"));
	}

	@Test
	void clearReloadsAndFallsBackToTheInvalidatedValueWhenTheReloadFails() {
		failedReloadServesTheInvalidatedValue(SwrCache::invalidateAll);
	}

	@Test
	void withoutSoftInvalidationAFailedReloadAfterAKeyInvalidationThrows() {
		failedReloadThrows((cache) -> cache.invalidate("a"));
	}

	@Test
	void withoutSoftInvalidationAFailedReloadAfterATagInvalidationThrows() {
		failedReloadThrows((cache) -> cache.invalidateTag("tenant:7"));
	}

	@Test
	void withoutSoftInvalidationAFailedReloadAfterAClearThrows() {
		failedReloadThrows(SwrCache::invalidateAll);
	}

	@Test
	void invalidatedValueIsReloadedAndNeverServedAsFreshOrStale() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.soft);
		assertThat(cache.get("a", tagged("tenant:7"))).isEqualTo("a-v1");
		cache.invalidate("a");
		assertThat(cache.peek("a").state()).isEqualTo(EntryState.ABSENT);
		assertThat(cache.get("a", tagged("tenant:7"))).isEqualTo("a-v2");
		assertThat(this.loader.calls()).isEqualTo(2);
		this.clock.advance(Duration.ofMillis(1));
		cache.invalidateTag("tenant:7");
		this.clock.advance(Duration.ofMillis(1));
		assertThat(cache.get("a", tagged("tenant:7"))).isEqualTo("a-v3");
		this.clock.advance(Duration.ofMillis(1));
		cache.invalidateAll();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(cache.get("a", tagged("tenant:7"))).isEqualTo("a-v4");
		assertThat(cache.get("a", tagged("tenant:7"))).isEqualTo("a-v4");
		assertThat(this.loader.calls()).isEqualTo(4);
		assertThat(cache.statistics().failSafeServed()).isZero();
		assertThat(cache.statistics().staleServed()).isZero();
	}

	@Test
	void invalidatedValueIsNoFallbackAfterItsErrorWindow() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.soft);
		cache.get("a", this.loader);
		cache.invalidate("a");
		this.clock.advance(Duration.ofMillis(59_999));
		this.loader.failWith(new IllegalStateException("source down"));
		assertThat(cache.get("a", this.loader)).isEqualTo("a-v1");
		this.clock.advance(Duration.ofSeconds(5));
		assertThatExceptionOfType(SwrLoadException.class).isThrownBy(() -> cache.get("a", this.loader));
		assertThat(this.loader.calls()).isEqualTo(3);
		assertThat(cache.statistics().failSafeServed()).isEqualTo(1);
	}

	@Test
	void loaderIsNotShownTheInvalidatedValueAsTheStaleValue() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.soft);
		List<@Nullable String> seen = new ArrayList<>();
		ContextLoader<String, String> recording = (key, context) -> {
			seen.add(context.staleValue());
			context.addTags("tenant:7");
			return this.loader.load(key);
		};
		cache.get("a", recording);
		this.clock.advance(Duration.ofSeconds(35));
		cache.get("a", recording);
		cache.invalidate("a");
		cache.get("a", recording);
		this.clock.advance(Duration.ofMillis(1));
		cache.invalidateTag("tenant:7");
		cache.get("a", recording);
		assertThat(seen).containsExactly(null, "a-v1", null, null);
	}

	@Test
	void bulkReadFallsBackToTheInvalidatedValues() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.soft);
		cache.getAll(List.of("a", "b"), this::loadAll);
		this.clock.advance(Duration.ofMillis(1));
		cache.invalidateAll();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(cache.getAll(List.of("a", "b"), (keys) -> {
			throw new IllegalStateException("source down");
		})).containsExactly(Map.entry("a", "a-v1"), Map.entry("b", "b-v2"));
		assertThat(cache.statistics().failSafeServed()).isEqualTo(2);
		assertThat(cache.getAll(List.of("a", "b"), this::loadAll)).containsExactly(Map.entry("a", "a-v1"),
				Map.entry("b", "b-v2"));
		assertThat(cache.statistics().failSafeServed()).isEqualTo(4);
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(cache.getAll(List.of("a", "b"), this::loadAll)).containsExactly(Map.entry("a", "a-v3"),
				Map.entry("b", "b-v4"));
		assertThat(this.loader.calls()).isEqualTo(4);
	}

	@Test
	void withoutSoftInvalidationBulkReadThrowsAfterAClear() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.hard);
		cache.getAll(List.of("a", "b"), this::loadAll);
		this.clock.advance(Duration.ofMillis(1));
		cache.invalidateAll();
		this.clock.advance(Duration.ofMillis(1));
		assertThatExceptionOfType(SwrLoadException.class).isThrownBy(() -> cache.getAll(List.of("a", "b"), (keys) -> {
			throw new IllegalStateException("source down");
		}));
		assertThat(cache.statistics().failSafeServed()).isZero();
	}

	@Test
	void asyncReadFallsBackToTheInvalidatedValue() throws Exception {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.soft);
		cache.get("a", this.loader);
		cache.invalidate("a");
		AsyncLoader<String, String> failing = (key, executor) -> java.util.concurrent.CompletableFuture
			.failedFuture(new IllegalStateException("source down"));
		assertThat(cache.getAsync("a", failing).get()).isEqualTo("a-v1");
		assertThat(cache.statistics().failSafeServed()).isEqualTo(1);
	}

	@Test
	void putOfNullStillDeletesTheValue() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.soft);
		cache.get("a", this.loader);
		cache.put("a", null);
		this.loader.failWith(new IllegalStateException("source down"));
		assertThatExceptionOfType(SwrLoadException.class).isThrownBy(() -> cache.get("a", this.loader));
		assertThat(cache.statistics().failSafeServed()).isZero();
	}

	/**
	 * Soft on: the first read after the invalidation reloads; when that reload fails the
	 * invalidated value is served as fail-safe and the key is throttled for 5 s; then the
	 * reload succeeds.
	 */
	private void failedReloadServesTheInvalidatedValue(Consumer<SwrCache<String, String>> invalidation) {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.soft);
		assertThat(cache.get("a", tagged("tenant:7"))).isEqualTo("a-v1");
		this.clock.advance(Duration.ofSeconds(1));
		invalidation.accept(cache);
		this.clock.advance(Duration.ofMillis(1));
		IllegalStateException failure = new IllegalStateException("source down");
		this.loader.failWith(failure);
		assertThat(cache.get("a", tagged("tenant:7"))).isEqualTo("a-v1");
		assertThat(this.loader.calls()).isEqualTo(2);
		assertThat(cache.statistics().failSafeServed()).isEqualTo(1);
		assertThat(cache.statistics().loadFailures()).isEqualTo(1);
		this.clock.advance(Duration.ofMillis(4_999));
		assertThat(cache.get("a", tagged("tenant:7"))).isEqualTo("a-v1");
		assertThat(this.loader.calls()).isEqualTo(2);
		assertThat(cache.statistics().failSafeServed()).isEqualTo(2);
		this.clock.advance(Duration.ofMillis(1));
		this.loader.succeed();
		assertThat(cache.get("a", tagged("tenant:7"))).isEqualTo("a-v2");
		assertThat(cache.get("a", tagged("tenant:7"))).isEqualTo("a-v2");
		assertThat(this.loader.calls()).isEqualTo(3);
		assertThat(cache.statistics().failSafeServed()).isEqualTo(2);
	}

	private void failedReloadThrows(Consumer<SwrCache<String, String>> invalidation) {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.hard);
		assertThat(cache.get("a", tagged("tenant:7"))).isEqualTo("a-v1");
		this.clock.advance(Duration.ofSeconds(1));
		invalidation.accept(cache);
		this.clock.advance(Duration.ofMillis(1));
		IllegalStateException failure = new IllegalStateException("source down");
		this.loader.failWith(failure);
		assertThatExceptionOfType(SwrLoadException.class).isThrownBy(() -> cache.get("a", tagged("tenant:7")))
			.withCause(failure);
		assertThat(this.loader.calls()).isEqualTo(2);
		assertThat(cache.statistics().failSafeServed()).isZero();
	}

	private ContextLoader<String, String> tagged(String tag) {
		return (key, context) -> {
			context.addTags(tag);
			return this.loader.load(key);
		};
	}

	private Map<String, String> loadAll(Set<? extends String> keys) {
		Map<String, String> values = new java.util.LinkedHashMap<>();
		for (String key : keys) {
			values.put(key, this.loader.load(key));
		}
		return values;
	}

}
