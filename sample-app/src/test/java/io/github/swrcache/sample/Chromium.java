package io.github.swrcache.sample;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.util.FileSystemUtils;

/**
 * A real headless Chromium driven through chromedriver (Debian's {@code chromium} and
 * {@code chromium-driver} packages), with a fresh profile and nothing that reaches out to
 * the internet. Without them a test fails when the {@code CI} environment variable is
 * {@code true} and is aborted (reported as skipped) otherwise, as the Redis tests do.
 */
final class Chromium implements AutoCloseable {

	static final String HOW_TO_PROVIDE = "install Chromium and its driver so that 'chromium' and 'chromedriver' "
			+ "are on PATH (for example 'apt-get install chromium chromium-driver')";

	private final ChromeDriver driver;

	private final Path profile;

	private Chromium(ChromeDriver driver, Path profile) {
		this.driver = driver;
		this.profile = profile;
	}

	static Chromium start() {
		return start(System::getenv);
	}

	static Chromium start(Function<String, @Nullable String> environment) {
		Optional<Path> browser = find(environment, "chromium").or(() -> find(environment, "chromium-browser"));
		Optional<Path> driver = find(environment, "chromedriver");
		if (browser.isEmpty() || driver.isEmpty()) {
			String message = "No headless browser for the dashboard test (" + (browser.isEmpty() ? "chromium" : "")
					+ ((browser.isEmpty() && driver.isEmpty()) ? " and " : "")
					+ (driver.isEmpty() ? "chromedriver" : "") + " not found): " + HOW_TO_PROVIDE;
			if ("true".equalsIgnoreCase(environment.apply("CI"))) {
				throw new IllegalStateException(message + " (CI=true, so this fails instead of skipping)");
			}
			Assumptions.abort(message);
		}
		Path profile;
		try {
			profile = Files.createTempDirectory("swr-sample-chromium-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(browser.get().toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--user-data-dir=" + profile, "--window-size=1400,1600");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.get().toFile())
			.usingAnyFreePort()
			.build();
		return new Chromium(new ChromeDriver(service, options), profile);
	}

	ChromeDriver driver() {
		return this.driver;
	}

	private static Optional<Path> find(Function<String, @Nullable String> environment, String name) {
		String path = environment.apply("PATH");
		if (path == null) {
			return Optional.empty();
		}
		return Stream.of(path.split(File.pathSeparator))
			.filter((directory) -> !directory.isEmpty())
			.map((directory) -> Path.of(directory, name))
			.filter(Files::isExecutable)
			.findFirst();
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			FileSystemUtils.deleteRecursively(this.profile.toFile());
		}
	}

}
