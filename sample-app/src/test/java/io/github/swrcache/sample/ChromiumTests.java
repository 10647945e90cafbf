package io.github.swrcache.sample;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What the dashboard test does without a browser: skip on a developer's machine, fail on
 * CI.
 */
class ChromiumTests {

	@Test
	void withoutChromiumTheTestIsSkippedWithHowToInstallIt() {
		assertThatExceptionOfType(TestAbortedException.class)
			.isThrownBy(() -> Chromium.start(Map.of("PATH", "/nonexistent")::get))
			.withMessageContaining("chromium and chromedriver not found")
			.withMessageContaining("apt-get install chromium chromium-driver");
	}

	@Test
	void withoutChromiumOnCiTheTestFails() {
		assertThatIllegalStateException()
			.isThrownBy(() -> Chromium.start(Map.of("PATH", "/nonexistent", "CI", "true")::get))
			.withMessageContaining("chromium and chromedriver not found")
			.withMessageContaining("CI=true, so this fails instead of skipping");
	}

}
