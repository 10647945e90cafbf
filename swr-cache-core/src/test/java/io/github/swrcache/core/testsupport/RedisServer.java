package io.github.swrcache.core.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * A {@code redis-server} child process on a free port of {@code 127.0.0.1}, without
 * persistence ({@code --save "" --appendonly no}), in a temporary directory of its own
 * that also holds its log.
 * <p>
 * {@link #start()} returns once the server answers {@code PING}; {@link #kill()} and
 * {@link #restart()} let fault tests take it down and bring it back on the same port,
 * empty. {@link #close()} shuts it down and deletes its directory. A JVM shutdown hook
 * kills every server still running when the JVM exits, so none outlives the test run
 * unless the JVM itself is killed.
 * <p>
 * Lifecycle methods are thread-safe; {@link #port()} and {@link #uri()} never change.
 */
public final class RedisServer implements AutoCloseable {

	/** The only address the servers bind to and the probes connect to. */
	static final String HOST = "127.0.0.1";

	/** The Redis port of the machine; never started on, probed or used. */
	static final int DEFAULT_PORT = 6379;

	private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

	private static final int START_ATTEMPTS = 3;

	private static final int LOG_TAIL_LINES = 20;

	private static final Set<String> MANAGED_OPTIONS = Set.of("--port", "--bind", "--dir", "--logfile", "--daemonize");

	private static final Set<RedisServer> running = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(RedisServer::killAll, "redis-server-reaper"));
	}

	private final Path binary;

	private final int port;

	private final List<String> extraArgs;

	private final Path directory;

	private volatile @Nullable Process process;

	private RedisServer(Path binary, int port, List<String> extraArgs, Path directory) {
		this.binary = binary;
		this.port = port;
		this.extraArgs = extraArgs;
		this.directory = directory;
	}

	/**
	 * Start a server on a free port and wait until it answers {@code PING}.
	 * @return the running server
	 * @throws IllegalStateException if {@code redis-server} is not on {@code PATH}, or
	 * the server exits or does not answer within 10 seconds (the message holds its log
	 * tail)
	 */
	public static RedisServer start() {
		return start(new String[0]);
	}

	/**
	 * Start a server on a free port with extra options, such as
	 * {@code "--maxmemory", "10mb"}, and wait until it answers {@code PING}. A port taken
	 * between choosing and binding it is retried on another one.
	 * @param extraArgs options appended to the command line; the port, bind address,
	 * directory, log file and daemonizing are managed here and may not be given
	 * @return the running server
	 * @throws IllegalArgumentException if {@code extraArgs} sets a managed option
	 * @throws IllegalStateException if {@code redis-server} is not on {@code PATH}, or
	 * the server exits or does not answer within 10 seconds (the message holds its log
	 * tail)
	 */
	public static RedisServer start(String... extraArgs) {
		for (String arg : extraArgs) {
			if (MANAGED_OPTIONS.contains(arg)) {
				throw new IllegalArgumentException(arg + " is managed by RedisServer, was given in extraArgs");
			}
		}
		Path binary = Executables.require("redis-server");
		for (int attempt = 1;; attempt++) {
			RedisServer server = new RedisServer(binary, freePort(), List.of(extraArgs), createDirectory());
			try {
				server.launch();
				return server;
			}
			catch (PortInUseException ex) {
				server.deleteDirectory();
				if (attempt == START_ATTEMPTS) {
					throw ex;
				}
			}
			catch (RuntimeException ex) {
				server.deleteDirectory();
				throw ex;
			}
		}
	}

	/**
	 * Return the port the server listens on, the same across restarts.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return the URI of the server, {@code redis://127.0.0.1:<port>}.
	 * @return the URI
	 */
	public String uri() {
		return "redis://" + HOST + ":" + this.port;
	}

	/**
	 * Return the process id of the current or, once stopped, the last server process.
	 * @return the process id
	 */
	public long pid() {
		Process current = this.process;
		return (current != null) ? current.pid() : -1;
	}

	/**
	 * Return the directory holding the server's working files and {@code redis.log}; it
	 * is deleted by {@link #stop()}.
	 * @return the directory
	 */
	public Path directory() {
		return this.directory;
	}

	/**
	 * Return whether the server process is alive.
	 * @return {@code true} from start until kill or stop
	 */
	public boolean isRunning() {
		Process current = this.process;
		return current != null && current.isAlive();
	}

	/**
	 * Kill the server with {@code SIGKILL}, as a crash would, and wait for the process to
	 * exit. Its directory is kept for {@link #restart()}. Does nothing if it is not
	 * running.
	 * @throws IllegalStateException if the process is still alive after 5 seconds
	 */
	public synchronized void kill() {
		Process current = this.process;
		if (current != null) {
			current.destroyForcibly();
			if (!awaitExit(current, STOP_TIMEOUT)) {
				throw new IllegalStateException(this + " survived SIGKILL for " + STOP_TIMEOUT);
			}
			running.remove(this);
		}
	}

	/**
	 * Start the server again on the same port, with the same options and no data, and
	 * wait until it answers {@code PING}.
	 * @throws IllegalStateException if the server is running, the port has been taken
	 * meanwhile, or the server exits or does not answer within 10 seconds
	 */
	public synchronized void restart() {
		if (isRunning()) {
			throw new IllegalStateException(this + " is running: kill() or stop() it before restart()");
		}
		launch();
	}

	/**
	 * Shut the server down with {@code SHUTDOWN NOSAVE}, kill it if it has not exited
	 * within 5 seconds, and delete its directory. Idempotent.
	 * @throws UncheckedIOException if the directory cannot be deleted
	 */
	public synchronized void stop() {
		Process current = this.process;
		if (current != null && current.isAlive()) {
			try {
				RedisProbe.call(this.port, "SHUTDOWN", "NOSAVE");
			}
			catch (IOException expected) {
				// A successful SHUTDOWN closes the connection instead of replying; the
				// exit
				// of the process, awaited below, is what tells.
			}
			if (!awaitExit(current, STOP_TIMEOUT)) {
				kill();
			}
		}
		running.remove(this);
		deleteDirectory();
	}

	/**
	 * Same as {@link #stop()}.
	 */
	@Override
	public void close() {
		stop();
	}

	@Override
	public String toString() {
		return "RedisServer[" + uri() + ", pid " + pid() + (isRunning() ? ", running]" : ", stopped]");
	}

	/**
	 * Choose a port of {@code 127.0.0.1} that is free now; it may be taken by the time it
	 * is bound, so binding must be retried.
	 * @return a free port, never the machine's Redis port
	 */
	static int freePort() {
		while (true) {
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
				if (socket.getLocalPort() != DEFAULT_PORT) {
					return socket.getLocalPort();
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("no free port on " + HOST, ex);
			}
		}
	}

	private synchronized void launch() {
		Process started;
		try {
			Files.createDirectories(this.directory);
			started = new ProcessBuilder(command()).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.directory.resolve("console.log").toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot start " + this.binary, ex);
		}
		this.process = started;
		running.add(this);
		awaitPing(started);
	}

	private List<String> command() {
		List<String> command = new ArrayList<>(List.of(this.binary.toString(), "--port", String.valueOf(this.port),
				"--bind", HOST, "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir",
				this.directory.toString(), "--logfile", this.directory.resolve("redis.log").toString()));
		command.addAll(this.extraArgs);
		return command;
	}

	private void awaitPing(Process started) {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!started.isAlive()) {
				throw failure(started, "exited with code " + started.exitValue() + " before answering PING");
			}
			if (answersPing()) {
				assertAnsweredBy(started);
				return;
			}
			pause(Duration.ofMillis(20));
		}
		throw failure(started, "did not answer PING within " + START_TIMEOUT);
	}

	private boolean answersPing() {
		try {
			return "PONG".equals(RedisProbe.call(this.port, "PING"));
		}
		catch (IOException notYet) {
			return false;
		}
	}

	// Guards against a process that took the port in the meantime answering our PING.
	private void assertAnsweredBy(Process started) {
		try {
			String info = RedisProbe.call(this.port, "INFO", "server");
			if (info == null || !info.contains("process_id:" + started.pid() + "\r\n")) {
				throw failure(started, "is answered by another process: " + info);
			}
		}
		catch (IOException ex) {
			throw failure(started, "answered PING but not INFO: " + ex);
		}
	}

	private IllegalStateException failure(Process started, String reason) {
		started.destroyForcibly();
		awaitExit(started, STOP_TIMEOUT);
		running.remove(this);
		String log = logTail();
		String message = "redis-server on port " + this.port + " " + reason + "\ncommand: " + command() + "\n" + log;
		return log.contains("Address already in use") ? new PortInUseException(message)
				: new IllegalStateException(message);
	}

	private String logTail() {
		StringBuilder tail = new StringBuilder();
		for (String name : List.of("console.log", "redis.log")) {
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

	private void deleteDirectory() {
		if (!Files.exists(this.directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(this.directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot delete " + this.directory, ex);
		}
	}

	private static Path createDirectory() {
		try {
			return Files.createTempDirectory("swr-redis-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create a directory for redis-server", ex);
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

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for redis-server", ex);
		}
	}

	// Runs in the shutdown hook: no locks, as a test thread may hold one while it waits.
	private static void killAll() {
		for (RedisServer server : running) {
			Process current = server.process;
			if (current != null) {
				current.destroyForcibly();
				awaitExit(current, Duration.ofSeconds(1));
			}
			try {
				server.deleteDirectory();
			}
			catch (UncheckedIOException ex) {
				System.err.println("redis-server-reaper: " + ex.getMessage());
			}
		}
	}

	/**
	 * The chosen port was taken between choosing and binding it.
	 */
	static final class PortInUseException extends IllegalStateException {

		PortInUseException(String message) {
			super(message);
		}

	}

}
