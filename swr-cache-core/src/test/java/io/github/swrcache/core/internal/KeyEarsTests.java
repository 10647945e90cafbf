package io.github.swrcache.core.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link KeyEars}: an ear hears the changes of its key id from when it is opened, keeps
 * the latest, and is gone once every listener closed it.
 */
class KeyEarsTests {

	private final KeyEars<String> ears = new KeyEars<>((key) -> "id:" + key);

	@Test
	void aChangeAtOrAfterTheObservedTimeOutdatesAndAnEarlierOneDoesNot() {
		KeyEars.Ear ear = this.ears.open("k");
		assertThat(ear.heardSince(KeyEars.UNKNOWN)).as("nothing heard yet").isFalse();
		this.ears.heard("id:k", 1_000);
		this.ears.heard("id:k", 400);
		assertThat(ear.heardSince(999)).isTrue();
		assertThat(ear.heardSince(1_000)).isTrue();
		assertThat(ear.heardSince(1_001)).isFalse();
		assertThat(ear.heardSince(KeyEars.UNKNOWN)).as("an unknown time: any change counts").isTrue();
		this.ears.close(ear);
	}

	@Test
	void changesOfOtherKeysAndBeforeTheEarWasOpenedAreNotHeard() {
		this.ears.heard("id:k", 5_000);
		KeyEars.Ear ear = this.ears.open("k");
		this.ears.heard("id:other", 9_000);
		assertThat(ear.heardSince(KeyEars.UNKNOWN)).isFalse();
		this.ears.close(ear);
	}

	@Test
	void listenersOfOneKeyShareTheEarUntilTheLastClosesIt() {
		KeyEars.Ear first = this.ears.open("k");
		KeyEars.Ear second = this.ears.open("k");
		assertThat(second).isSameAs(first);
		this.ears.close(first);
		assertThat(this.ears.size()).isOne();
		this.ears.heard("id:k", 7);
		assertThat(second.heardSince(7)).isTrue();
		this.ears.close(second);
		assertThat(this.ears.size()).isZero();
		KeyEars.Ear fresh = this.ears.open("k");
		assertThat(fresh).isNotSameAs(first);
		assertThat(fresh.heardSince(KeyEars.UNKNOWN)).isFalse();
		this.ears.close(fresh);
	}

	@Test
	void withoutASharedTierNothingIsHeardOrKept() {
		KeyEars<String> deaf = new KeyEars<>(null);
		KeyEars.Ear ear = deaf.open("k");
		deaf.heard("k", 1);
		assertThat(ear).isSameAs(KeyEars.DEAF);
		assertThat(ear.heardSince(KeyEars.UNKNOWN)).isFalse();
		deaf.close(ear);
		assertThat(deaf.size()).isZero();
	}

	@Test
	void concurrentListenersLeaveNoEarBehind() throws InterruptedException {
		Thread[] threads = new Thread[8];
		for (int t = 0; t < threads.length; t++) {
			threads[t] = new Thread(() -> {
				for (int i = 0; i < 20_000; i++) {
					KeyEars.Ear ear = this.ears.open("k" + (i % 4));
					this.ears.heard("id:k" + (i % 4), i);
					this.ears.close(ear);
				}
			});
			threads[t].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		assertThat(this.ears.size()).isZero();
	}

}
