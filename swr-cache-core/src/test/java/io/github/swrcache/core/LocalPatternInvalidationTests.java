package io.github.swrcache.core;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@code invalidateMatching} without Redis: the glob is matched against the key ids
 * ({@code String.valueOf(key)}) of the in-process tier.
 */
class LocalPatternInvalidationTests extends AbstractEngineTests {

	@Test
	void removesExactlyTheMatchingEntriesAndCountsThem() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		List<String> keys = IntStream.range(0, 1000).mapToObj((i) -> "user:" + i).toList();
		keys.forEach((key) -> cache.get(key, this.loader));
		SwrCache<String, String> other = this.manager.cache("other", String.class, this.policy);
		keys.forEach((key) -> other.get(key, this.loader));
		long expected = keys.stream().filter((key) -> key.startsWith("user:1")).count();

		PatternInvalidation result = cache.invalidateMatching("user:1*");

		assertThat(expected).isEqualTo(111);
		assertThat(result.cache()).isEqualTo("c");
		assertThat(result.glob()).isEqualTo("user:1*");
		assertThat(result.deleted()).isEqualTo(expected);
		assertThat(result.scanned()).isEqualTo(1000);
		assertThat(result.servers()).isZero();
		assertThat(result.batches()).isZero();
		for (String key : keys) {
			EntryState state = key.startsWith("user:1") ? EntryState.ABSENT : EntryState.FRESH;
			assertThat(cache.peek(key).state()).as(key).isEqualTo(state);
			assertThat(other.peek(key).state()).as(key).isEqualTo(EntryState.FRESH);
		}
		assertThat(cache.statistics().evictions()).isEqualTo(expected);
	}

	@Test
	void keysAreMatchedByTheirText() {
		SwrCache<Long, String> cache = this.manager.cache("c", String.class, this.policy);
		for (long id = 7500; id < 7520; id++) {
			cache.get(id, (key) -> "v" + key);
		}
		assertThat(cache.invalidateMatching("751?").deleted()).isEqualTo(10);
		assertThat(cache.peek(7512L).state()).isEqualTo(EntryState.ABSENT);
		assertThat(cache.peek(7502L).state()).isEqualTo(EntryState.FRESH);
	}

	@Test
	void loadInProgressForAMatchingKeyDoesNotStoreItsValue() throws Exception {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> cache.get("user:1", (key) -> {
			loading.countDown();
			release.await();
			return "old";
		}));
		assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(cache.invalidateMatching("user:*").deleted()).isZero();
		release.countDown();
		assertThat(slow.get(5, TimeUnit.SECONDS)).isEqualTo("old");
		assertThat(cache.peek("user:1").state()).isEqualTo(EntryState.ABSENT);
		assertThat(cache.get("user:1", this.loader)).isEqualTo("user:1-v1");
	}

	@Test
	void badGlobIsRejectedAndNothingIsRemoved() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		cache.get("a", this.loader);
		assertThatIllegalArgumentException().isThrownBy(() -> cache.invalidateMatching(" "))
			.withMessage("glob must not be blank, was ' '");
		assertThatIllegalArgumentException().isThrownBy(() -> cache.invalidateMatching("[a"))
			.withMessageContaining("glob must close every '['");
		assertThat(cache.peek("a").state()).isEqualTo(EntryState.FRESH);
	}

}
