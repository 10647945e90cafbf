package io.github.swrcache.core.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the Redis binaries on {@code PATH}, the way a shell would.
 */
final class Executables {

	private Executables() {
	}

	/**
	 * Find an executable file of the given name in the directories of {@code PATH}.
	 * @param name the file name, such as {@code redis-server}
	 * @return the first match in {@code PATH} order, or empty
	 */
	static Optional<Path> find(String name) {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		for (String directory : path.split(File.pathSeparator)) {
			if (!directory.isEmpty()) {
				Path candidate = Path.of(directory, name);
				if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
					return Optional.of(candidate);
				}
			}
		}
		return Optional.empty();
	}

	/**
	 * Find an executable that a test cannot do without.
	 * @param name the file name, such as {@code redis-cli}
	 * @return the first match in {@code PATH} order
	 * @throws IllegalStateException if there is none
	 */
	static Path require(String name) {
		return find(name).orElseThrow(() -> new IllegalStateException(
				"'" + name + "' is not on PATH (" + System.getenv("PATH") + "): install Redis 7 "
						+ "(for example 'apt-get install redis-server') to run the Redis integration tests"));
	}

}
