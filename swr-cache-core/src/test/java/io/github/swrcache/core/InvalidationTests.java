package io.github.swrcache.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Writes and invalidations: by key (fencing loads in progress), by tag and whole cache
 * (O(1) time marks compared with each entry's load start).
 */
class InvalidationTests extends AbstractEngineTests {

	private ContextLoader<String, String> tagged(String... tags) {
		return (key, context) -> {
			context.addTags(tags);
			return this.loader.load(key);
		};
	}

	@Test
	void invalidateRemovesTheEntryAndTheNextReadLoads() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		cache.get("a", this.loader);
		cache.get("b", this.loader);
		cache.invalidate("a");
		assertThat(cache.peek("a").state()).isEqualTo(EntryState.ABSENT);
		assertThat(cache.peek("b").state()).isEqualTo(EntryState.FRESH);
		assertThat(cache.get("a", this.loader)).isEqualTo("a-v3");
		assertThat(cache.statistics().evictions()).isEqualTo(1);
	}

	@Test
	void loadThatRacedAnInvalidationDoesNotStoreItsValue() throws Exception {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> cache.get("a", (key) -> {
			loading.countDown();
			release.await();
			return "old";
		}));
		assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
		cache.invalidate("a");
		release.countDown();
		assertThat(slow.get(5, TimeUnit.SECONDS)).isEqualTo("old");
		assertThat(cache.peek("a").state()).isEqualTo(EntryState.ABSENT);
		assertThat(cache.get("a", this.loader)).isEqualTo("a-v1");
	}

	@Test
	void refreshThatRacedAnInvalidationDoesNotStoreItsValue() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		cache.get("a", this.loader);
		this.clock.advance(Duration.ofSeconds(10));
		cache.get("a", this.loader);
		cache.invalidate("a");
		this.refreshes.runAll();
		assertThat(this.loader.calls()).isEqualTo(2);
		assertThat(cache.peek("a").state()).isEqualTo(EntryState.ABSENT);
	}

	@Test
	void invalidateTagRemovesEveryEntryCarryingTheTagAndNoOther() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		cache.get("a", tagged("tenant:7", "product:1"));
		cache.get("b", tagged("tenant:7"));
		cache.get("c", tagged("tenant:8"));
		cache.get("d", this.loader);
		this.clock.advance(Duration.ofMillis(1));
		cache.invalidateTag("tenant:7");
		assertThat(cache.peek("a").state()).isEqualTo(EntryState.ABSENT);
		assertThat(cache.peek("b").state()).isEqualTo(EntryState.ABSENT);
		assertThat(cache.peek("c").state()).isEqualTo(EntryState.FRESH);
		assertThat(cache.peek("d").state()).isEqualTo(EntryState.FRESH);
		this.clock.advance(Duration.ofMillis(1));
		assertThat(cache.get("a", tagged("tenant:7"))).isEqualTo("a-v5");
		assertThat(cache.get("a", tagged("tenant:7"))).isEqualTo("a-v5");
		assertThat(this.loader.calls()).isEqualTo(5);
	}

	@Test
	void loadStartedInTheSameMillisecondAsATagInvalidationIsNotKept() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		cache.invalidateTag("tenant:7");
		// the safe side of a tie: it may have read the source before the invalidation
		assertThat(cache.get("a", tagged("tenant:7"))).isEqualTo("a-v1");
		assertThat(cache.peek("a").state()).isEqualTo(EntryState.ABSENT);
		this.clock.advance(Duration.ofMillis(1));
		assertThat(cache.get("a", tagged("tenant:7"))).isEqualTo("a-v2");
		assertThat(cache.peek("a").state()).isEqualTo(EntryState.FRESH);
	}

	@Test
	void entryWhoseLoadStartedBeforeATagInvalidationIsInvalidated() throws Exception {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> cache.get("a", (key, context) -> {
			context.addTags("tenant:7");
			loading.countDown();
			release.await();
			return "old";
		}));
		assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
		this.clock.advance(Duration.ofMillis(5));
		cache.invalidateTag("tenant:7");
		this.clock.advance(Duration.ofMillis(5));
		release.countDown();
		assertThat(slow.get(5, TimeUnit.SECONDS)).isEqualTo("old");
		assertThat(cache.peek("a").state()).isEqualTo(EntryState.ABSENT);
		assertThat(cache.get("a", this.loader)).isEqualTo("a-v1");
	}

	@Test
	void invalidateAllRemovesEveryEntryAndLaterLoadsAreKept() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		cache.get("a", this.loader);
		cache.get("b", tagged("t"));
		this.clock.advance(Duration.ofMillis(1));
		cache.invalidateAll();
		assertThat(cache.peek("a").state()).isEqualTo(EntryState.ABSENT);
		assertThat(cache.peek("b").state()).isEqualTo(EntryState.ABSENT);
		this.clock.advance(Duration.ofMillis(1));
		assertThat(cache.get("a", this.loader)).isEqualTo("a-v3");
		assertThat(cache.get("a", this.loader)).isEqualTo("a-v3");
	}

	@Test
	void invalidationsOfOneCacheLeaveOtherCachesAlone() {
		SwrCache<String, String> one = this.manager.cache("one", String.class, this.policy);
		SwrCache<String, String> two = this.manager.cache("two", String.class, this.policy);
		one.get("a", tagged("t"));
		two.get("a", tagged("t"));
		this.clock.advance(Duration.ofMillis(1));
		one.invalidateTag("t");
		one.invalidateAll();
		assertThat(two.peek("a").state()).isEqualTo(EntryState.FRESH);
	}

	@Test
	void putReplacesTheValueAndFencesALoadInProgress() throws Exception {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> cache.get("a", (key) -> {
			loading.countDown();
			release.await();
			return "loaded";
		}));
		assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
		cache.put("a", "written");
		release.countDown();
		assertThat(slow.get(5, TimeUnit.SECONDS)).isEqualTo("loaded");
		assertThat(cache.get("a", this.loader)).isEqualTo("written");
		assertThat(cache.peek("a").freshUntil()).isEqualTo(this.clock.instant().plusSeconds(10));
		assertThat(this.loader.calls()).isZero();
	}

	@Test
	void puttingNullInvalidatesUnlessNullsAreCached() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		cache.put("a", "x");
		cache.put("a", null);
		assertThat(cache.peek("a").state()).isEqualTo(EntryState.ABSENT);
		SwrCache<String, String> nulls = this.manager.cache("nulls", String.class,
				this.policy.mutate().cacheNulls(true).build());
		nulls.put("a", null);
		assertThat(nulls.peek("a").state()).isEqualTo(EntryState.FRESH);
		assertThat(nulls.get("a", this.loader)).isNull();
		assertThat(this.loader.calls()).isZero();
	}

	@Test
	void blankTagIsRejectedWithTheValue() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		assertThatIllegalArgumentException().isThrownBy(() -> cache.invalidateTag(" "))
			.withMessage("tag must not be null or blank, was ' '");
		assertThatExceptionOfType(SwrLoadException.class).isThrownBy(() -> cache.get("a", (key, context) -> {
			context.addTags("");
			return "x";
		}))
			.havingCause()
			.isInstanceOf(IllegalArgumentException.class)
			.withMessage("tag must not be null or blank, was ''");
		assertThat(cache.peek("a").state()).isEqualTo(EntryState.ABSENT);
	}

	@Test
	void invalidTtlFromALoaderIsRejectedWithTheValue() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		assertThatExceptionOfType(SwrLoadException.class).isThrownBy(() -> cache.get("a", (key, context) -> {
			context.ttl(Duration.ofSeconds(-5));
			return "x";
		})).havingCause().isInstanceOf(IllegalArgumentException.class).withMessage("ttl must be positive, was PT-5S");
	}

	@Test
	void putWithTagsIsInvalidatedByItsTags() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		cache.put("a", "tagged", java.util.List.of("tenant:7"));
		cache.put("b", "untagged");
		assertThat(cache.peek("a").tags()).containsExactly("tenant:7");
		this.clock.advance(Duration.ofMillis(1));
		cache.invalidateTag("tenant:7");
		assertThat(cache.peek("a").state()).isEqualTo(EntryState.ABSENT);
		assertThat(cache.peek("b").state()).isEqualTo(EntryState.FRESH);
		assertThatIllegalArgumentException().isThrownBy(() -> cache.put("c", "x", java.util.List.of(" ")))
			.withMessage("tag must not be null or blank, was ' '");
		assertThat(cache.peek("c").state()).isEqualTo(EntryState.ABSENT);
	}

	@Test
	void valueTheLoaderVetoesIsReturnedButNotCached() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		ContextLoader<String, String> vetoing = (key, context) -> {
			String value = this.loader.load(key);
			context.doNotStore();
			return value;
		};
		assertThat(cache.get("a", vetoing)).isEqualTo("a-v1");
		assertThat(cache.peek("a").state()).isEqualTo(EntryState.ABSENT);
		assertThat(cache.get("a", vetoing)).isEqualTo("a-v2");
		cache.put("b", "kept");
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(cache.get("b", vetoing)).isEqualTo("kept");
		this.refreshes.runAll();
		assertThat(this.loader.calls()).isEqualTo(3);
		assertThat(cache.peek("b").value()).isEqualTo("kept");
		assertThat(cache.statistics().refreshFailures()).isZero();
	}

}
