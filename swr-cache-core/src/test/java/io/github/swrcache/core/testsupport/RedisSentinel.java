package io.github.swrcache.core.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Redis Sentinel child process ({@code redis-server <config> --sentinel}) on a free
 * port of {@code 127.0.0.1} that monitors one master, with its configuration file (which
 * Sentinel rewrites) and its log in a temporary directory of its own.
 * <p>
 * {@link #start} returns once the Sentinel answers {@code PING}; whether it has found the
 * master's replicas yet is for the caller to wait for. {@link #close()} kills it and
 * deletes its directory; a JVM shutdown hook kills every Sentinel still running when the
 * JVM exits. It is not a {@link RedisServer} because Sentinel needs a writable
 * configuration file as its first argument, where {@link RedisServer} passes only
 * options.
 */
public final class RedisSentinel implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

	private static final int START_ATTEMPTS = 3;

	private static final int LOG_TAIL_LINES = 20;

	private static final Set<RedisSentinel> running = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(RedisSentinel::killAll, "redis-sentinel-reaper"));
	}

	private final String masterName;

	private final int port;

	private final Path directory;

	private volatile Process process;

	private RedisSentinel(String masterName, int port, Path directory, Process process) {
		this.masterName = masterName;
		this.port = port;
		this.directory = directory;
		this.process = process;
	}

	/**
	 * Start a Sentinel that monitors the master {@code 127.0.0.1:masterPort} under
	 * {@code masterName} with a quorum of 1, and wait until it answers {@code PING}.
	 * @param masterName the name of the monitored master, such as {@code mymaster}
	 * @param masterPort the master's port on {@code 127.0.0.1}
	 * @param downAfter how long the master must not answer before it is considered down
	 * @param failoverTimeout Sentinel's {@code failover-timeout}
	 * @return the running Sentinel
	 * @throws IllegalStateException if {@code redis-server} is not on {@code PATH}, or
	 * the Sentinel exits or does not answer within 10 seconds (the message holds its log
	 * tail)
	 */
	public static RedisSentinel start(String masterName, int masterPort, Duration downAfter, Duration failoverTimeout) {
		Path binary = Executables.require("redis-server");
		for (int attempt = 1;; attempt++) {
			int port = RedisServer.freePort();
			Path directory = createDirectory();
			Path config = directory.resolve("sentinel.conf");
			try {
				Files.writeString(config,
						String.join("\n", "port " + port, "bind " + RedisServer.HOST, "daemonize no",
								"dir " + directory, "logfile " + directory.resolve("sentinel.log"),
								"sentinel resolve-hostnames no",
								"sentinel monitor " + masterName + " " + RedisServer.HOST + " " + masterPort + " 1",
								"sentinel down-after-milliseconds " + masterName + " " + downAfter.toMillis(),
								"sentinel failover-timeout " + masterName + " " + failoverTimeout.toMillis(), ""),
						StandardCharsets.UTF_8);
				Process process = new ProcessBuilder(binary.toString(), config.toString(), "--sentinel")
					.redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("console.log").toFile()))
					.start();
				RedisSentinel sentinel = new RedisSentinel(masterName, port, directory, process);
				running.add(sentinel);
				try {
					sentinel.awaitPing();
					return sentinel;
				}
				catch (RuntimeException ex) {
					sentinel.close();
					throw ex;
				}
			}
			catch (IOException ex) {
				deleteDirectory(directory);
				throw new UncheckedIOException("cannot start a Sentinel with " + binary, ex);
			}
			catch (IllegalStateException ex) {
				if (attempt == START_ATTEMPTS || !ex.getMessage().contains("Address already in use")) {
					throw ex;
				}
			}
		}
	}

	/**
	 * Return the port the Sentinel listens on.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return the name of the monitored master.
	 * @return the name
	 */
	public String masterName() {
		return this.masterName;
	}

	/**
	 * Return the URI of the monitored master through this Sentinel,
	 * {@code redis-sentinel://127.0.0.1:<port>#<masterName>}.
	 * @return the URI
	 */
	public String uri() {
		return "redis-sentinel://" + RedisServer.HOST + ":" + this.port + "#" + this.masterName;
	}

	/**
	 * Return the directory holding the Sentinel's configuration file and log; it is
	 * deleted by {@link #close()}.
	 * @return the directory
	 */
	public Path directory() {
		return this.directory;
	}

	/**
	 * Return whether the Sentinel process is alive.
	 * @return {@code true} from start until close
	 */
	public boolean isRunning() {
		return this.process.isAlive();
	}

	/**
	 * Kill the Sentinel with {@code SIGKILL}, wait for it to exit and delete its
	 * directory. Idempotent.
	 * @throws IllegalStateException if the process is still alive after 5 seconds
	 */
	@Override
	public synchronized void close() {
		this.process.destroyForcibly();
		if (!awaitExit(this.process, STOP_TIMEOUT)) {
			throw new IllegalStateException(this + " survived SIGKILL for " + STOP_TIMEOUT);
		}
		running.remove(this);
		deleteDirectory(this.directory);
	}

	@Override
	public String toString() {
		return "RedisSentinel[" + uri() + ", pid " + this.process.pid() + (isRunning() ? ", running]" : ", stopped]");
	}

	private void awaitPing() {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw failure("exited with code " + this.process.exitValue() + " before answering PING");
			}
			try {
				if ("PONG".equals(RedisProbe.call(this.port, "PING"))) {
					String info = RedisProbe.call(this.port, "INFO", "server");
					if (info == null || !info.contains("process_id:" + this.process.pid() + "\r\n")
							|| !info.contains("redis_mode:sentinel")) {
						throw failure("is answered by another process: " + info);
					}
					return;
				}
			}
			catch (IOException notYet) {
				// not listening yet
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while waiting for the Sentinel", ex);
			}
		}
		throw failure("did not answer PING within " + START_TIMEOUT);
	}

	private IllegalStateException failure(String reason) {
		return new IllegalStateException("Sentinel on port " + this.port + " " + reason + "\n" + logTail());
	}

	private String logTail() {
		StringBuilder tail = new StringBuilder();
		for (String name : List.of("sentinel.conf", "console.log", "sentinel.log")) {
			try {
				List<String> lines = Files.readAllLines(this.directory.resolve(name), StandardCharsets.UTF_8);
				tail.append(name)
					.append(" (tail):\n")
					.append(String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())))
					.append('\n');
			}
			catch (NoSuchFileException ex) {
				tail.append(name).append(": none\n");
			}
			catch (IOException ex) {
				tail.append(name).append(": unreadable, ").append(ex).append('\n');
			}
		}
		return tail.toString();
	}

	private static Path createDirectory() {
		try {
			return Files.createTempDirectory("swr-sentinel-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create a directory for a Sentinel", ex);
		}
	}

	private static void deleteDirectory(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot delete " + directory, ex);
		}
	}

	private static boolean awaitExit(Process process, Duration timeout) {
		try {
			return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return !process.isAlive();
		}
	}

	// Runs in the shutdown hook: no locks, as a test thread may hold one while it waits.
	private static void killAll() {
		for (RedisSentinel sentinel : running) {
			sentinel.process.destroyForcibly();
			awaitExit(sentinel.process, Duration.ofSeconds(1));
			try {
				deleteDirectory(sentinel.directory);
			}
			catch (UncheckedIOException ex) {
				System.err.println("redis-sentinel-reaper: " + ex.getMessage());
			}
		}
	}

}
