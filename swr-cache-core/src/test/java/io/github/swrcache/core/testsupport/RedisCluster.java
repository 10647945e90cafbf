package io.github.swrcache.core.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A Redis Cluster of {@link RedisServer} nodes on {@code 127.0.0.1}, created by
 * {@code redis-cli --cluster create} and returned once every node reports
 * {@code cluster_state:ok} with all 16384 slots served and every replica linked to its
 * master.
 * <p>
 * Each node has its own directory and a cluster bus port chosen free like its client port
 * (rather than the default client port + 10000, which does not exist above 55535). Nodes
 * can be {@link RedisServer#kill() killed} and {@link RedisServer#restart() restarted}: a
 * restarted node keeps its {@code nodes.conf} and rejoins. Thread-safe.
 */
public final class RedisCluster implements AutoCloseable {

	/** The number of hash slots of a Redis Cluster. */
	public static final int SLOTS = 16384;

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

	private static final int NODE_START_ATTEMPTS = 3;

	private final List<RedisServer> nodes;

	private RedisCluster(List<RedisServer> nodes) {
		this.nodes = List.copyOf(nodes);
	}

	/**
	 * Start {@code masters * (1 + replicasPerMaster)} nodes, join them into a cluster
	 * whose masters share the slots evenly, and wait up to 30 seconds until it is ready.
	 * @param masters the number of masters, at least 3
	 * @param replicasPerMaster the number of replicas of each master, at least 0
	 * @return the ready cluster; the first {@code masters} nodes are its masters
	 * @throws IllegalArgumentException if {@code masters < 3} or
	 * {@code replicasPerMaster < 0}
	 * @throws IllegalStateException if {@code redis-server} or {@code redis-cli} is not
	 * on {@code PATH}, a node does not start, the creation fails, or the cluster is not
	 * ready in time; the nodes already started are stopped
	 */
	public static RedisCluster start(int masters, int replicasPerMaster) {
		if (masters < 3) {
			throw new IllegalArgumentException("a Redis Cluster needs at least 3 masters, was " + masters);
		}
		if (replicasPerMaster < 0) {
			throw new IllegalArgumentException("replicasPerMaster must not be negative, was " + replicasPerMaster);
		}
		Path cli = Executables.require("redis-cli");
		List<RedisServer> nodes = new ArrayList<>();
		try {
			for (int i = 0; i < masters * (1 + replicasPerMaster); i++) {
				nodes.add(startNode());
			}
			create(cli, nodes, replicasPerMaster);
			RedisCluster cluster = new RedisCluster(nodes);
			cluster.awaitReady();
			return cluster;
		}
		catch (RuntimeException ex) {
			stopAll(nodes, ex);
			throw ex;
		}
	}

	/**
	 * Return the nodes, masters first, in the order given to {@code redis-cli}.
	 * @return an unmodifiable list
	 */
	public List<RedisServer> nodes() {
		return this.nodes;
	}

	/**
	 * Return the {@code redis://} URIs of the nodes, in {@link #nodes()} order.
	 * @return an unmodifiable list
	 */
	public List<String> uris() {
		return this.nodes.stream().map(RedisServer::uri).toList();
	}

	/**
	 * Return the node that the cluster currently says serves the slot of a key, as seen
	 * by the first running node ({@code CLUSTER KEYSLOT}, {@code CLUSTER NODES}).
	 * @param key the key
	 * @return the master serving the key's slot
	 * @throws IllegalStateException if no node is running or no master serves the slot
	 */
	public RedisServer masterFor(String key) {
		RedisServer probe = this.nodes.stream()
			.filter(RedisServer::isRunning)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no node of the cluster is running"));
		int slot = Integer.parseInt(call(probe, "CLUSTER", "KEYSLOT", key));
		String clusterNodes = call(probe, "CLUSTER", "NODES");
		for (String line : clusterNodes.split("\n")) {
			String[] fields = line.trim().split(" ");
			if (fields.length > 8 && List.of(fields[2].split(",")).contains("master") && servesSlot(fields, slot)) {
				int port = Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@')));
				return this.nodes.stream()
					.filter((node) -> node.port() == port)
					.findFirst()
					.orElseThrow(() -> new IllegalStateException(
							"slot " + slot + " is served by " + fields[1] + ", which is not a node of this cluster"));
			}
		}
		throw new IllegalStateException("no master serves slot " + slot + " of '" + key + "':\n" + clusterNodes);
	}

	/**
	 * Stop every node and delete its directory.
	 */
	@Override
	public void close() {
		stopAll(this.nodes, null);
	}

	@Override
	public String toString() {
		return "RedisCluster" + uris();
	}

	private static RedisServer startNode() {
		for (int attempt = 1;; attempt++) {
			try {
				return RedisServer.start("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
						"--cluster-node-timeout", "2000", "--cluster-port", String.valueOf(RedisServer.freePort()));
			}
			catch (RedisServer.PortInUseException ex) {
				// The bus port, fixed across the client port retries, may be the one
				// taken.
				if (attempt == NODE_START_ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	private static void create(Path cli, List<RedisServer> nodes, int replicasPerMaster) {
		List<String> command = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
		nodes.forEach((node) -> command.add(RedisServer.HOST + ":" + node.port()));
		command.addAll(List.of("--cluster-replicas", String.valueOf(replicasPerMaster), "--cluster-yes"));
		Path output = nodes.get(0).directory().resolve("cluster-create.log");
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			if (!process.waitFor(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(
						"redis-cli --cluster create did not finish within " + READY_TIMEOUT + ":\n" + read(output));
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException(
						"redis-cli --cluster create exited with code " + process.exitValue() + ":\n" + read(output));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while creating the cluster", ex);
		}
	}

	private void awaitReady() {
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		String notReady = "";
		while (System.nanoTime() < deadline) {
			notReady = firstNodeNotReady();
			if (notReady.isEmpty()) {
				return;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while waiting for the cluster", ex);
			}
		}
		throw new IllegalStateException("cluster " + uris() + " not ready within " + READY_TIMEOUT + ": " + notReady);
	}

	private String firstNodeNotReady() {
		for (RedisServer node : this.nodes) {
			try {
				String info = RedisProbe.call(node.port(), "CLUSTER", "INFO");
				if (info == null || !info.contains("cluster_state:ok\r\n")
						|| !info.contains("cluster_slots_ok:" + SLOTS + "\r\n")
						|| !info.contains("cluster_known_nodes:" + this.nodes.size() + "\r\n")) {
					return node.uri() + " CLUSTER INFO:\n" + info;
				}
				String replication = RedisProbe.call(node.port(), "INFO", "replication");
				if (replication != null && replication.contains("role:slave\r\n")
						&& !replication.contains("master_link_status:up\r\n")) {
					return node.uri() + " INFO replication:\n" + replication;
				}
			}
			catch (IOException ex) {
				return node.uri() + ": " + ex;
			}
		}
		return "";
	}

	private static boolean servesSlot(String[] fields, int slot) {
		for (int i = 8; i < fields.length; i++) {
			String range = fields[i];
			if (range.startsWith("[")) {
				continue; // a slot being migrated or imported
			}
			int dash = range.indexOf('-');
			int first = Integer.parseInt((dash < 0) ? range : range.substring(0, dash));
			int last = (dash < 0) ? first : Integer.parseInt(range.substring(dash + 1));
			if (slot >= first && slot <= last) {
				return true;
			}
		}
		return false;
	}

	private static String call(RedisServer node, String... command) {
		try {
			String reply = RedisProbe.call(node.port(), command);
			if (reply == null) {
				throw new IllegalStateException(node.uri() + " replied nil to " + List.of(command));
			}
			return reply;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(node.uri() + " did not answer " + List.of(command), ex);
		}
	}

	private static String read(Path output) {
		try {
			// redis-cli colours its report even when it is not written to a terminal
			return Files.readString(output, StandardCharsets.UTF_8).replaceAll("\u001B\\[[;\\d]*m", "");
		}
		catch (IOException ex) {
			return "(output unreadable: " + ex + ")";
		}
	}

	private static void stopAll(List<RedisServer> nodes, @Nullable RuntimeException failure) {
		RuntimeException first = failure;
		for (RedisServer node : nodes) {
			try {
				node.stop();
			}
			catch (RuntimeException ex) {
				if (first == null) {
					first = ex;
				}
				else {
					first.addSuppressed(ex);
				}
			}
		}
		if (first != null && first != failure) {
			throw first;
		}
	}

}
