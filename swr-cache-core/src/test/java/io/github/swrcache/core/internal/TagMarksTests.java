package io.github.swrcache.core.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TagMarks}: an entry is invalidated by a mark of one of its tags or the clear
 * mark at or after its creation, widened by the cluster clock's uncertainty.
 */
class TagMarksTests {

	private final ClusterClock clock = new ClusterClock(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

	private final TagMarks marks = new TagMarks(this.clock);

	private static CacheEntry<String> createdAt(long createdAt, String... tags) {
		return new CacheEntry<>("v", createdAt, createdAt + 10, createdAt + 20, createdAt + 30, 0, tags);
	}

	@Test
	void entryCreatedAtOrBeforeATagMarkIsInvalidAndLaterOnesAreNot() {
		this.marks.markTag("t", 1_000, 0);
		assertThat(this.marks.isValid(createdAt(999, "t"))).isFalse();
		assertThat(this.marks.isValid(createdAt(1_000, "t"))).isFalse();
		assertThat(this.marks.isValid(createdAt(1_001, "t"))).isTrue();
		assertThat(this.marks.isValid(createdAt(999, "other"))).isTrue();
		assertThat(this.marks.isValid(createdAt(999))).isTrue();
	}

	@Test
	void olderMarkArrivingLateDoesNotMoveTheMarkBack() {
		this.marks.markTag("t", 1_000, 0);
		this.marks.markTag("t", 500, 0);
		this.marks.markAll(2_000);
		this.marks.markAll(1_500);
		assertThat(this.marks.isValid(createdAt(900, "t"))).isFalse();
		assertThat(this.marks.isValid(createdAt(1_999))).isFalse();
		assertThat(this.marks.isValid(createdAt(2_001))).isTrue();
	}

	@Test
	void clockUncertaintyWidensInvalidationTowardsLaterEntries() {
		this.clock.offset(0, 5);
		this.marks.markTag("t", 1_000, 0);
		this.marks.markAll(500);
		// created 3 ms after the mark on a node whose time may be 5 ms off: invalid
		assertThat(this.marks.isValid(createdAt(1_003, "t"))).isFalse();
		assertThat(this.marks.isValid(createdAt(1_006, "t"))).isTrue();
		assertThat(this.marks.isValid(createdAt(505))).isFalse();
		assertThat(this.marks.isValid(createdAt(506))).isTrue();
	}

	@Test
	void entriesBetweenAnOlderTagMarkAndTheLatestMarkAreStillCheckedTagByTag() {
		// The latest mark (a clear at 2,000) bounds the one-comparison path; an entry
		// created before it but after its own tag's mark is valid, one created before
		// its tag's mark is not, whatever the other tags.
		this.marks.markTag("t", 1_000, 0);
		this.marks.markTag("u", 3_000, 0);
		this.marks.markAll(2_000);
		assertThat(this.marks.isValid(createdAt(2_500, "t"))).isTrue();
		assertThat(this.marks.isValid(createdAt(2_500, "t", "u"))).isFalse();
		assertThat(this.marks.isValid(createdAt(3_001, "t", "u"))).isTrue();
		assertThat(this.marks.isValid(createdAt(3_000, "x"))).isTrue();
		assertThat(this.marks.isValid(createdAt(1_999, "x"))).isFalse();
	}

}
