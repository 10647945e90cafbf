package io.github.swrcache.benchmarks.peers;

import java.net.SocketAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.protocol.ProtocolKeyword;

/**
 * Counts the commands every Lettuce client of the run sends, by type: what each client
 * puts on the wire (an {@code EVAL} is one command however many commands its script runs
 * inside Redis, which {@code INFO commandstats} counts too).
 */
final class CommandCounter implements CommandLatencyRecorder {

	private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

	@Override
	public void recordCommandLatency(SocketAddress local, SocketAddress remote, ProtocolKeyword commandType,
			long firstResponseLatency, long completionLatency) {
		this.counts.computeIfAbsent(commandType.toString(), (type) -> new LongAdder()).increment();
	}

	void reset() {
		this.counts.clear();
	}

	Map<String, Long> snapshot() {
		Map<String, Long> snapshot = new TreeMap<>();
		this.counts.forEach((type, count) -> snapshot.put(type, count.sum()));
		return snapshot;
	}

}
