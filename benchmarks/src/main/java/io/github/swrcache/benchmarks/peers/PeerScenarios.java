package io.github.swrcache.benchmarks.peers;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToLongFunction;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.swrcache.benchmarks.LocalRedis;
import io.github.swrcache.benchmarks.peers.Peers.Instance;
import io.github.swrcache.benchmarks.peers.Peers.Peer;
import io.github.swrcache.benchmarks.peers.Peers.SharedLoader;
import io.github.swrcache.benchmarks.peers.Peers.Setup;
import io.github.swrcache.benchmarks.peers.Peers.SwrNode;
import io.github.swrcache.core.BulkLoader;
import io.github.swrcache.core.Loader;
import io.github.swrcache.core.SwrCache;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;

/**
 * Runs swr-cache and its peers in the same run, on the same Redis, with the same loader,
 * and writes the tables ({@code results.md}) and charts (PNG) to an output directory
 * ({@code docs/benchmarks} by default). Peers: Spring's {@code CaffeineCacheManager},
 * Spring Data Redis's {@code RedisCacheManager} with the non-locking (Boot's default) and
 * the locking cache writer, all through {@code Cache.get(key, Callable)} (what
 * {@code @Cacheable(sync = true)} calls), and a Caffeine {@code LoadingCache} with
 * {@code refreshAfterWrite} as the in-process stale-while-revalidate reference. swr-cache
 * runs through its Spring adapter ({@code SwrSpringCacheManager}) and the same call, and
 * through its core API where the call differs (bulk reads, raw hit throughput).
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar io.github.swrcache.benchmarks.peers.PeerScenarios [--quick] [--out docs/benchmarks]
 * </pre>
 */
public final class PeerScenarios {

	private static final int INSTANCES = 4;

	/**
	 * One command timeout for every peer. Not swr-cache's default (250 ms): on a busy
	 * shared machine scheduling stalls pass 250 ms, which then measures the machine.
	 */
	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);

	private static final int REFRESH_THREADS = 16;

	private static final long THINK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	private static final List<Peer> ALL = List.of(Peer.SWR, Peer.SPRING_CAFFEINE, Peer.REDIS_NON_LOCKING,
			Peer.REDIS_LOCKING, Peer.CAFFEINE_REFRESH);

	private static final List<Peer> WITH_REDIS = List.of(Peer.SWR, Peer.REDIS_NON_LOCKING, Peer.REDIS_LOCKING);

	private final boolean quick;

	private final Set<String> only;

	private final Path out;

	private final LocalRedis redis;

	private final RedisURI redisUri;

	private final ClientResources resources;

	private final RedisClient adminClient;

	private final StatefulRedisConnection<String, String> admin;

	private final StringBuilder report = new StringBuilder();

	private final CommandCounter commands = new CommandCounter();

	private PeerScenarios(boolean quick, Set<String> only, Path out, LocalRedis redis) {
		this.quick = quick;
		this.only = only;
		this.out = out;
		this.redis = redis;
		this.redisUri = RedisURI.create(redis.uri());
		// The same reconnect delay for every peer: all of them run on Lettuce.
		this.resources = DefaultClientResources.builder()
			.reconnectDelay(Delay.constant(Duration.ofMillis(200)))
			.commandLatencyRecorder(this.commands)
			.build();
		this.adminClient = RedisClient.create(this.resources, this.redisUri);
		this.admin = this.adminClient.connect();
	}

	public static void main(String[] args) throws Exception {
		boolean quick = false;
		Set<String> only = new LinkedHashSet<>();
		Path out = Path.of("docs", "benchmarks");
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--quick" -> quick = true;
				case "--out" -> out = Path.of(args[++i]);
				case "--only" -> only.addAll(Arrays.asList(args[++i].split(",")));
				default -> throw new IllegalArgumentException("Unknown argument '" + args[i]
						+ "'; allowed: --quick, --out <directory>, --only <stampede,expiry,outage,bulk,hits>");
			}
		}
		Files.createDirectories(out);
		if (!Boolean.getBoolean("swr.bench.verbose")) {
			// Lettuce's reconnect messages and swr-cache's circuit messages during the
			// outage
			// would drown the progress lines.
			java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.SEVERE);
		}
		long began = System.nanoTime();
		Instant startedAt = Instant.now();
		double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
		try (LocalRedis redis = LocalRedis.start()) {
			PeerScenarios scenarios = new PeerScenarios(quick, only, out, redis);
			try {
				scenarios.runAll(args, began, startedAt, loadBefore);
			}
			finally {
				scenarios.close();
			}
		}
		System.exit(0);
	}

	private void runAll(String[] args, long began, Instant startedAt, double loadBefore) throws Exception {
		if (selected("stampede")) {
			stampede();
		}
		if (selected("expiry")) {
			expiry();
		}
		if (selected("outage")) {
			outage();
		}
		if (selected("bulk")) {
			bulk();
		}
		if (selected("hits")) {
			throughput();
		}
		long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began);
		double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
		StringBuilder head = new StringBuilder();
		head.append("# Peer benchmark results").append("\n\n");
		head.append("Generated by `PeerScenarios` on ")
			.append(DateTimeFormatter.ISO_INSTANT.format(startedAt.atOffset(ZoneOffset.UTC).toInstant()))
			.append(" in ")
			.append(seconds)
			.append(" s")
			.append(this.quick ? " (**--quick**: short smoke run, figures are indicative only)" : "")
			.append(". Do not edit: re-run the command below. The reading of these figures is in ")
			.append("[README.md](README.md).\n\n");
		head.append("```bash\n./mvnw -B -q -pl benchmarks -am package -DskipTests\n")
			.append("java -cp benchmarks/target/benchmarks.jar io.github.swrcache.benchmarks.peers.PeerScenarios")
			.append(args.length > 0 ? " " + String.join(" ", args) : "")
			.append("\n```\n\n");
		head.append(Machine.describe(this.admin.sync(), loadBefore, loadAfter)).append("\n");
		Files.writeString(this.out.resolve("results.md"), head.append(this.report).toString(), StandardCharsets.UTF_8);
		System.out.println("Wrote " + this.out.resolve("results.md") + " in " + seconds + " s");
	}

	private boolean selected(String scenario) {
		return this.only.isEmpty() || this.only.contains(scenario);
	}

	private void close() {
		this.admin.close();
		this.adminClient.shutdown();
		this.resources.shutdown();
	}

	// ---- 1. cold-key stampede ----

	private void stampede() throws Exception {
		int threadsPerInstance = 100;
		int rounds = this.quick ? 2 : 5;
		Duration loadTime = Duration.ofMillis(200);
		section("1. Cold-key stampede",
				INSTANCES + " instances × " + threadsPerInstance + " threads call `get` on one cold key at once "
						+ "(released by one latch); the loader takes " + loadTime.toMillis() + " ms. " + rounds
						+ " rounds, a new key each round.");
		this.report.append(
				"| peer | loader calls per cold key (mean) | min–max | caller errors | caller p50 (ms) | caller max (ms) |\n")
			.append("|---|---:|---:|---:|---:|---:|\n");
		List<String> labels = new ArrayList<>();
		List<Double> means = new ArrayList<>();
		for (Peer peer : ALL) {
			flush();
			SharedLoader loader = new SharedLoader(loadTime.toMillis());
			Setup setup = setup(Duration.ofMinutes(5), loader);
			List<Instance> instances = startAll(peer, setup);
			int total = INSTANCES * threadsPerInstance;
			long minLoads = Long.MAX_VALUE;
			long maxLoads = 0;
			long sumLoads = 0;
			long errors = 0;
			List<Long> latencies = new ArrayList<>();
			for (int round = 0; round < rounds; round++) {
				String key = "cold-" + round;
				long loadsBefore = loader.loads();
				long[] nanos = new long[total];
				AtomicInteger failed = new AtomicInteger();
				CountDownLatch ready = new CountDownLatch(total);
				CountDownLatch start = new CountDownLatch(1);
				List<Thread> threads = new ArrayList<>();
				for (int t = 0; t < total; t++) {
					Instance instance = instances.get(t % INSTANCES);
					int slot = t;
					Thread thread = new Thread(() -> {
						ready.countDown();
						try {
							start.await();
							long t0 = System.nanoTime();
							try {
								instance.get(key);
							}
							catch (Exception ex) {
								failed.incrementAndGet();
							}
							nanos[slot] = System.nanoTime() - t0;
						}
						catch (InterruptedException ex) {
							Thread.currentThread().interrupt();
						}
					});
					thread.start();
					threads.add(thread);
				}
				ready.await();
				start.countDown();
				for (Thread thread : threads) {
					thread.join();
				}
				long loads = loader.loads() - loadsBefore;
				minLoads = Math.min(minLoads, loads);
				maxLoads = Math.max(maxLoads, loads);
				sumLoads += loads;
				errors += failed.get();
				for (long n : nanos) {
					latencies.add(n);
				}
			}
			closeAll(instances);
			latencies.sort(null);
			double mean = (double) sumLoads / rounds;
			labels.add(peer.label());
			means.add(mean);
			this.report.append("| ")
				.append(peer.label())
				.append(" | ")
				.append(fmt(mean))
				.append(" | ")
				.append(minLoads)
				.append("–")
				.append(maxLoads)
				.append(" | ")
				.append(errors)
				.append(" | ")
				.append(ms(latencies.get(latencies.size() / 2)))
				.append(" | ")
				.append(ms(latencies.get(latencies.size() - 1)))
				.append(" |\n");
			log("stampede " + peer.label() + ": " + fmt(mean) + " loads per cold key");
		}
		Charts.bars(this.out.resolve("stampede-loads.png"),
				"Cold-key stampede: loader calls per cold key (4 instances x 100 threads)", "loader calls", labels,
				means.stream().mapToDouble(Double::doubleValue).toArray());
		this.report.append("\n![loader calls per cold key](stampede-loads.png)\n\n");
	}

	// ---- 2. expiry under load ----

	private void expiry() throws Exception {
		int keys = 1_000;
		int threadsPerInstance = 16;
		Duration ttl = Duration.ofSeconds(2);
		Duration run = this.quick ? Duration.ofSeconds(6) : Duration.ofSeconds(25);
		int warmup = this.quick ? 2 : 4;
		Duration loadTime = Duration.ofMillis(200);
		Zipf zipf = new Zipf(keys, 1.0);
		section("2. Expiry under load", INSTANCES + " instances × " + threadsPerInstance + " threads read " + keys
				+ " keys with Zipf popularity (s = 1) for " + run.toSeconds() + " s, each thread pausing 1 ms "
				+ "between reads (so at most about 64,000 reads/s are offered); ttl " + ttl.toSeconds()
				+ " s (swr-cache and Caffeine keep serving the old value for up to 60 s more "
				+ "while they refresh); the loader takes " + loadTime.toMillis() + " ms. "
				+ "The summary leaves out the first " + warmup + " s (cold start). A load counts as a new "
				+ "expiry of its key when no other load of that key started less than a ttl before it. "
				+ "Value age: how long before the read the returned value was loaded (sampled every 16th read).");
		this.report.append(
				"| peer | reads/s | p50 (ms) | p99 (ms) | p99.9 (ms) | max (ms) | loads | loads per expiry | value age p99 (s) | errors |\n")
			.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		List<Charts.Series> p99 = new ArrayList<>();
		List<Charts.Series> perExpiry = new ArrayList<>();
		List<Charts.Series> ages = new ArrayList<>();
		for (Peer peer : ALL) {
			flush();
			SharedLoader loader = new SharedLoader(loadTime.toMillis());
			Setup setup = setup(ttl, loader);
			List<Instance> instances = startAll(peer, setup);
			Drive drive = drive(instances, threadsPerInstance, run, TimeUnit.SECONDS.toNanos(1),
					(random) -> "k" + zipf.sample(random), () -> Thread.sleep(run.toMillis()));
			closeAll(instances);
			int slots = (int) run.toSeconds();
			double[] x = new double[slots];
			double[] y = new double[slots];
			for (int s = 0; s < slots; s++) {
				x[s] = s + 1;
				long p = drive.latency().slot(s).percentileNanos(0.99);
				y[s] = (p < 0) ? Double.NaN : p / 1e6;
			}
			p99.add(new Charts.Series(peer.label(), x, y));
			double[] agePerSecond = new double[slots];
			for (int s = 0; s < slots; s++) {
				long p = drive.age().slot(s).percentileNanos(0.99);
				agePerSecond[s] = (p < 0) ? Double.NaN : p / 1e9;
			}
			ages.add(new Charts.Series(peer.label(), x, agePerSecond));
			LoadCount loads = LoadCount.of(loader.starts(), drive.start(), ttl.toNanos(), slots);
			double[] ratio = new double[slots];
			for (int s = 0; s < slots; s++) {
				ratio[s] = (loads.expiries()[s] == 0) ? Double.NaN : (double) loads.loads()[s] / loads.expiries()[s];
			}
			perExpiry.add(new Charts.Series(peer.label(), x, ratio));
			Recorder.Summary summary = drive.latency().summary(warmup, slots);
			long loadSum = sum(loads.loads(), warmup, slots);
			long expirySum = sum(loads.expiries(), warmup, slots);
			Recorder.Summary age = drive.age().summary(warmup, slots);
			this.report.append("| ")
				.append(peer.label())
				.append(" | ")
				.append(String.format(Locale.ROOT, "%,d", summary.count() / Math.max(1, slots - warmup)))
				.append(" | ")
				.append(ms(summary.percentileNanos(0.5)))
				.append(" | ")
				.append(ms(summary.percentileNanos(0.99)))
				.append(" | ")
				.append(ms(summary.percentileNanos(0.999)))
				.append(" | ")
				.append(ms(summary.maxNanos()))
				.append(" | ")
				.append(String.format(Locale.ROOT, "%,d", loadSum))
				.append(" | ")
				.append((expirySum == 0) ? "n/a" : fmt((double) loadSum / expirySum))
				.append(" | ")
				.append((age.count() == 0) ? "n/a" : fmt(age.percentileNanos(0.99) / 1e9))
				.append(" | ")
				.append(summary.errors())
				.append(" |\n");
			log("expiry " + peer.label() + ": p99 " + ms(summary.percentileNanos(0.99)) + " ms, loads " + loadSum);
		}
		List<Charts.Band> warm = List.of(new Charts.Band(0, warmup + 0.5, "cold start"));
		Charts.lines(this.out.resolve("expiry-latency-p99.png"),
				"Expiry under load: p99 caller latency per second (log scale)", "second of the run", "p99 latency (ms)",
				true, p99, warm);
		Charts.lines(this.out.resolve("expiry-loads-per-expiry.png"),
				"Expiry under load: loader calls per key expiry, per second", "second of the run", "loads per expiry",
				false, perExpiry, warm);
		Charts.lines(this.out.resolve("expiry-value-age-p99.png"),
				"Expiry under load: p99 age of the value returned, per second (ttl 2 s)", "second of the run",
				"value age p99 (s)", false, ages, warm);
		this.report.append("\n![p99 latency over time](expiry-latency-p99.png)\n\n")
			.append("![loads per expiry over time](expiry-loads-per-expiry.png)\n\n")
			.append("![value age over time](expiry-value-age-p99.png)\n\n");
	}

	// ---- 3. Redis outage ----

	private void outage() throws Exception {
		if (!this.redis.owned()) {
			section("3. Redis outage", "Skipped: REDIS_URL names a server this run cannot stop.");
			return;
		}
		int keys = 1_000;
		int threadsPerInstance = 16;
		Duration ttl = Duration.ofSeconds(2);
		long before = this.quick ? 3_000 : 6_000;
		long down = 5_000;
		long after = this.quick ? 4_000 : 10_000;
		int warmup = 2;
		Duration run = Duration.ofMillis(before + down + after);
		long slotNanos = TimeUnit.MILLISECONDS.toNanos(250);
		Zipf zipf = new Zipf(keys, 1.0);
		section("3. Redis outage", INSTANCES + " instances × " + threadsPerInstance + " threads read " + keys
				+ " Zipf keys, 1 ms pause between reads (ttl " + ttl.toSeconds()
				+ " s, loader 200 ms); redis-server is killed (SIGKILL) after " + before / 1000
				+ " s and started again on the same port (empty) " + down / 1000 + " s later; " + "the run ends "
				+ after / 1000 + " s after the restart. Every peer uses the same " + COMMAND_TIMEOUT.toMillis()
				+ " ms command timeout (swr-cache's default is 250 ms, Lettuce's 60 s; 250 ms timed out spuriously "
				+ "on the busy machine) and the same 200 ms reconnect delay; swr-cache runs with its default "
				+ "circuit breaker. Only the peers that use Redis run. \"L2 again after\": for swr-cache, when every instance's "
				+ "circuit is closed and connected again; for the peers, when their last call failed. "
				+ "\"before\" leaves out the first " + warmup + " s (cold start).");
		this.report
			.append("| peer | phase | reads | caller errors | p50 (ms) | p99 (ms) | max (ms) | L2 again after (ms) |\n")
			.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
		List<Charts.Series> p99 = new ArrayList<>();
		List<Charts.Series> errors = new ArrayList<>();
		for (Peer peer : WITH_REDIS) {
			flush();
			SharedLoader loader = new SharedLoader(200);
			Setup setup = setup(ttl, loader);
			List<Instance> instances = startAll(peer, setup);
			long[] marks = new long[3];
			Drive drive = drive(instances, threadsPerInstance, run, slotNanos, (random) -> "k" + zipf.sample(random),
					() -> {
						long begin = System.nanoTime();
						Thread.sleep(before);
						marks[0] = System.nanoTime();
						this.redis.kill();
						Thread.sleep(down);
						this.redis.restart();
						marks[1] = System.nanoTime();
						awaitRedis();
						long deadline = begin + TimeUnit.MILLISECONDS.toNanos(before + down + after);
						while (System.nanoTime() < deadline) {
							if (marks[2] == 0 && instances.stream().allMatch(Instance::remoteAvailable)) {
								marks[2] = System.nanoTime();
							}
							Thread.sleep(10);
						}
					});
			closeAll(instances);
			Recorder latency = drive.latency();
			int killSlot = latency.slotOf(marks[0]);
			int restartSlot = latency.slotOf(marks[1]);
			int warmSlots = (int) (TimeUnit.SECONDS.toNanos(warmup) / slotNanos);
			String resumed;
			if (peer == Peer.SWR) {
				resumed = (marks[2] == 0) ? "not within the run" : ms(marks[2] - marks[1]);
			}
			else {
				long lastError = latency.lastErrorNanos();
				resumed = (lastError < marks[1]) ? "0" : ms(lastError - marks[1]);
			}
			row(peer, "before", latency.summary(warmSlots, killSlot), "");
			row(peer, "Redis down (" + down / 1000 + " s)", latency.summary(killSlot, restartSlot), "");
			row(peer, "after restart", latency.summary(restartSlot, latency.slots()), resumed);
			int slots = latency.slots();
			double[] x = new double[slots];
			double[] y = new double[slots];
			double[] e = new double[slots];
			for (int s = 0; s < slots; s++) {
				x[s] = s * slotNanos / 1e9;
				Recorder.Summary summary = latency.slot(s);
				long p = summary.percentileNanos(0.99);
				y[s] = (p < 0) ? Double.NaN : p / 1e6;
				e[s] = summary.errors();
			}
			p99.add(new Charts.Series(peer.label(), x, y));
			errors.add(new Charts.Series(peer.label(), x, e));
			log("outage " + peer.label() + ": resumed " + resumed);
			this.outageBand = new Charts.Band((marks[0] - drive.start()) / 1e9, (marks[1] - drive.start()) / 1e9,
					"Redis down");
		}
		List<Charts.Band> bands = List.of(this.outageBand);
		Charts.lines(this.out.resolve("outage-latency-p99.png"),
				"Redis outage: p99 caller latency per 250 ms (log scale)", "second of the run", "p99 latency (ms)",
				true, p99, bands);
		Charts.lines(this.out.resolve("outage-errors.png"), "Redis outage: caller errors per 250 ms",
				"second of the run", "failed calls", false, errors, bands);
		this.report.append("\n![p99 latency during the outage](outage-latency-p99.png)\n\n")
			.append("![caller errors during the outage](outage-errors.png)\n\n");
	}

	private Charts.Band outageBand;

	private void row(Peer peer, String phase, Recorder.Summary summary, String resumed) {
		this.report.append("| ")
			.append(peer.label())
			.append(" | ")
			.append(phase)
			.append(" | ")
			.append(String.format(Locale.ROOT, "%,d", summary.count()))
			.append(" | ")
			.append(String.format(Locale.ROOT, "%,d", summary.errors()))
			.append(" | ")
			.append(ms(summary.percentileNanos(0.5)))
			.append(" | ")
			.append(ms(summary.percentileNanos(0.99)))
			.append(" | ")
			.append(ms(summary.maxNanos()))
			.append(" | ")
			.append(resumed)
			.append(" |\n");
	}

	private void awaitRedis() throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			try {
				if ("PONG".equals(this.admin.sync().ping())) {
					return;
				}
			}
			catch (RuntimeException ex) {
				// not up yet
			}
			Thread.sleep(20);
		}
		throw new IllegalStateException("redis-server did not come back on " + this.redisUri);
	}

	// ---- 4. bulk read ----

	private void bulk() throws Exception {
		int keys = 100;
		int warmupIterations = this.quick ? 20 : 100;
		int iterations = this.quick ? 100 : 500;
		section("4. Bulk read of " + keys + " keys", "All " + keys
				+ " keys are in Redis and not in any in-process tier (swr-cache with `localMaxEntries(0)`"
				+ "; the Redis peers have none). swr-cache's `getAll` against " + keys
				+ " × `Cache.get(key, Callable)` of each peer, one thread, " + iterations + " reads after "
				+ warmupIterations + " warm-up reads. Commands sent: counted in the Lettuce client (each one a "
				+ "round trip unless pipelined). Commands run: Redis `INFO commandstats`, which also counts the "
				+ "commands a Lua script runs inside Redis.");
		this.report.append(
				"| peer | call | commands sent per read (client) | commands run per read (server) | p50 (µs) | mean (µs) | p99 (µs) | errors | p50 ratio to swr-cache `getAll` |\n")
			.append("|---|---|---|---|---:|---:|---:|---:|---:|\n");
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < keys; i++) {
			ids.add("k" + i);
		}
		SharedLoader loader = new SharedLoader(0);
		List<BulkResult> results = new ArrayList<>();
		flush();
		Setup setup = setup(Duration.ofHours(1), loader);
		try (SwrNode node = Peers.swrNode(0, setup, 0)) {
			SwrCache<String, Object> cache = node.manager().cache(Peers.CACHE, Object.class, Peers.swrPolicy(setup));
			BulkLoader<String, Object> bulkLoader = (missing) -> {
				Map<String, Object> values = new HashMap<>();
				for (String key : missing) {
					values.put(key, loader.load(key));
				}
				return values;
			};
			cache.getAll(ids, bulkLoader);
			results.add(measureBulk("swr-cache, L1 off (core API)", "1 × `SwrCache.getAll`",
					() -> cache.getAll(ids, bulkLoader), warmupIterations, iterations));
			log("  " + node.manager().remoteStatus() + " " + cache.statistics());
		}
		for (Peer peer : List.of(Peer.SWR_L2_ONLY, Peer.REDIS_NON_LOCKING, Peer.REDIS_LOCKING)) {
			flush();
			Instance instance = peer.start(0, setup);
			try {
				for (String key : ids) {
					instance.get(key);
				}
				results.add(measureBulk(peer.label(), keys + " × `Cache.get`", () -> {
					for (String key : ids) {
						instance.get(key);
					}
				}, warmupIterations, iterations));
			}
			finally {
				closeAll(List.of(instance));
			}
		}
		long base = percentile(results.get(0).nanos(), 0.5);
		for (BulkResult result : results) {
			long p50 = percentile(result.nanos(), 0.5);
			this.report.append("| ")
				.append(result.name())
				.append(" | ")
				.append(result.call())
				.append(" | ")
				.append(result.sent())
				.append(" | ")
				.append(result.run())
				.append(" | ")
				.append(us(p50))
				.append(" | ")
				.append(us((long) Arrays.stream(result.nanos()).average().orElse(0)))
				.append(" | ")
				.append(us(percentile(result.nanos(), 0.99)))
				.append(" | ")
				.append(result.errors())
				.append(" | ")
				.append(fmt((double) p50 / base))
				.append(" |\n");
		}
		this.report.append("\n");
	}

	private BulkResult measureBulk(String name, String call, Bulk read, int warmup, int iterations) {
		int errors = 0;
		for (int i = 0; i < warmup; i++) {
			try {
				read.run();
			}
			catch (Exception ex) {
				errors++;
			}
		}
		errors = 0;
		this.admin.sync().configResetstat();
		this.commands.reset();
		long[] nanos = new long[iterations];
		for (int i = 0; i < iterations; i++) {
			long t0 = System.nanoTime();
			try {
				read.run();
			}
			catch (Exception ex) {
				errors++;
			}
			nanos[i] = System.nanoTime() - t0;
		}
		Map<String, Long> sent = this.commands.snapshot();
		Map<String, Long> run = commandStats();
		Arrays.sort(nanos);
		log("bulk " + name + ": p50 " + us(percentile(nanos, 0.5)) + " µs, sent " + sent + ", run " + run);
		return new BulkResult(name, call, perRead(sent, iterations), perRead(run, iterations), nanos, errors);
	}

	/**
	 * The commands seen at least once every other read, per read; the rest is background
	 * (the invalidation bus, clock sync) or the measurement itself.
	 */
	private static String perRead(Map<String, Long> counts, int iterations) {
		StringBuilder text = new StringBuilder();
		counts.forEach((command, count) -> {
			String name = command.toLowerCase(Locale.ROOT);
			if (!name.startsWith("config") && !name.equals("info") && count >= iterations / 2) {
				text.append((text.length() > 0) ? ", " : "")
					.append(((count % iterations) == 0) ? Long.toString(count / iterations)
							: fmt((double) count / iterations))
					.append(" ")
					.append(name.toUpperCase(Locale.ROOT));
			}
		});
		return text.toString();
	}

	private record BulkResult(String name, String call, String sent, String run, long[] nanos, int errors) {
	}

	private Map<String, Long> commandStats() {
		Map<String, Long> stats = new LinkedHashMap<>();
		for (String line : this.admin.sync().info("commandstats").split("\r?\n")) {
			if (line.startsWith("cmdstat_")) {
				String command = line.substring("cmdstat_".length(), line.indexOf(':'));
				int from = line.indexOf("calls=") + "calls=".length();
				int to = line.indexOf(',', from);
				stats.put(command, Long.parseLong(line.substring(from, to)));
			}
		}
		return stats;
	}

	// ---- 5. hit throughput ----

	private void throughput() throws Exception {
		int keys = 1_024;
		int threads = Runtime.getRuntime().availableProcessors();
		int rounds = this.quick ? 1 : 3;
		Duration warmup = this.quick ? Duration.ofMillis(500) : Duration.ofSeconds(1);
		Duration measure = this.quick ? Duration.ofMillis(1000) : Duration.ofSeconds(3);
		section("5. Hit throughput", "Every read a hit, " + keys + " keys, " + threads + " threads (one per core), "
				+ warmup.toMillis() + " ms warm-up then " + measure.toMillis() + " ms measured, in a plain timed loop "
				+ "(not JMH: see docs/BENCHMARKS.md for the JMH figures); " + rounds + " round(s), the readers "
				+ "interleaved in each round, the median round reported. L1: the value is in the in-process tier; "
				+ "the reference is raw Caffeine `getIfPresent`. L2: every read goes to Redis (swr-cache with "
				+ "`localMaxEntries(0)`); the reference is raw Lettuce `GET` on one shared connection, without "
				+ "decoding (so the ratio includes swr-cache's envelope and value decoding).");
		this.report.append("| tier | reader | reads/s (median) | all rounds | ratio to raw |\n")
			.append("|---|---|---:|---|---:|\n");
		String[] ids = new String[keys];
		for (int i = 0; i < keys; i++) {
			ids[i] = "k" + i;
		}
		SharedLoader loader = new SharedLoader(0);
		flush();
		Setup setup = setup(Duration.ofHours(1), loader);
		List<AutoCloseable> resources = new ArrayList<>();
		Map<String, Read> readers = new LinkedHashMap<>();
		try {
			// L1
			com.github.benmanes.caffeine.cache.Cache<String, Object> raw = Caffeine.newBuilder()
				.maximumSize(10_000)
				.build();
			for (String id : ids) {
				raw.put(id, loader.load(id));
			}
			readers.put("L1|raw Caffeine `getIfPresent`", raw::getIfPresent);
			SwrNode local = Peers.swrNode(0, setup, 10_000);
			resources.add(local);
			SwrCache<String, Object> localCache = local.manager()
				.cache(Peers.CACHE, Object.class, Peers.swrPolicy(setup));
			Loader<String, Object> swrLoader = loader::load;
			readers.put("L1|swr-cache `SwrCache.get` (core API)", (key) -> localCache.get(key, swrLoader));
			for (Peer peer : List.of(Peer.SWR, Peer.SPRING_CAFFEINE, Peer.CAFFEINE_REFRESH)) {
				Instance instance = peer.start(1, setup);
				resources.add(instance);
				readers.put(
						"L1|" + peer.label() + " `"
								+ ((peer == Peer.CAFFEINE_REFRESH) ? "LoadingCache.get" : "Cache.get") + "`",
						unchecked(instance));
			}
			// L2
			RedisClient client = RedisClient.create(this.resources, this.redisUri);
			resources.add(client::shutdown);
			StatefulRedisConnection<String, String> connection = client.connect();
			RedisCommands<String, String> sync = connection.sync();
			Map<String, String> rawKeys = new HashMap<>();
			for (String id : ids) {
				rawKeys.put(id, "raw:" + id);
			}
			readers.put("L2|raw Lettuce `GET`", (key) -> sync.get(rawKeys.get(key)));
			SwrNode remote = Peers.swrNode(2, setup, 0);
			resources.add(remote);
			SwrCache<String, Object> remoteCache = remote.manager()
				.cache(Peers.CACHE, Object.class, Peers.swrPolicy(setup));
			readers.put("L2|swr-cache, L1 off `SwrCache.get` (core API)", (key) -> remoteCache.get(key, swrLoader));
			int index = 3;
			for (Peer peer : List.of(Peer.SWR_L2_ONLY, Peer.REDIS_NON_LOCKING, Peer.REDIS_LOCKING)) {
				Instance instance = peer.start(index++, setup);
				resources.add(instance);
				readers.put("L2|" + peer.label() + " `Cache.get`", unchecked(instance));
			}
			for (String id : ids) {
				sync.set(rawKeys.get(id), (String) loader.load(id));
			}
			// Fill every cache once, so every measured read is a hit.
			for (Read read : readers.values()) {
				for (String id : ids) {
					read.read(id);
				}
			}
			Map<String, double[]> results = new LinkedHashMap<>();
			readers.keySet().forEach((name) -> results.put(name, new double[rounds]));
			for (int round = 0; round < rounds; round++) {
				for (Map.Entry<String, Read> reader : readers.entrySet()) {
					timedLoop(ids, reader.getValue(), threads, warmup);
					double perSecond = timedLoop(ids, reader.getValue(), threads, measure) / (measure.toNanos() / 1e9);
					results.get(reader.getKey())[round] = perSecond;
					log("hits round " + round + " " + reader.getKey() + ": "
							+ String.format(Locale.ROOT, "%,.0f", perSecond) + "/s");
				}
			}
			double reference = 0;
			for (Map.Entry<String, double[]> result : results.entrySet()) {
				String[] parts = result.getKey().split("\\|", 2);
				double[] all = result.getValue().clone();
				Arrays.sort(all);
				double median = all[all.length / 2];
				if (parts[1].startsWith("raw ")) {
					reference = median;
				}
				StringBuilder each = new StringBuilder();
				for (double value : result.getValue()) {
					each.append((each.length() > 0) ? ", " : "").append(String.format(Locale.ROOT, "%,.0f", value));
				}
				this.report.append("| ")
					.append(parts[0])
					.append(" | ")
					.append(parts[1])
					.append(" | ")
					.append(String.format(Locale.ROOT, "%,.0f", median))
					.append(" | ")
					.append(each)
					.append(" | ")
					.append(fmt(median / reference))
					.append(" |\n");
			}
		}
		finally {
			for (AutoCloseable resource : resources) {
				resource.close();
			}
		}
		this.report.append("\n");
	}

	private static long timedLoop(String[] ids, Read read, int threads, Duration duration) throws InterruptedException {
		long[] counts = new long[threads];
		CountDownLatch start = new CountDownLatch(1);
		long[] end = new long[1];
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int index = t;
			Thread thread = new Thread(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				ThreadLocalRandom random = ThreadLocalRandom.current();
				long done = 0;
				int sink = 0;
				long deadline = end[0];
				while (System.nanoTime() < deadline) {
					for (int i = 0; i < 64; i++) {
						try {
							Object value = read.read(ids[random.nextInt(ids.length)]);
							sink += (value != null) ? 1 : 0;
						}
						catch (RuntimeException ex) {
							// a failed read (a timeout on a busy machine) counts as no
							// read
							sink--;
						}
					}
					done += 64;
				}
				counts[index] = done + ((sink == -1) ? 1 : 0);
			});
			thread.start();
			workers.add(thread);
		}
		end[0] = System.nanoTime() + duration.toNanos();
		start.countDown();
		for (Thread thread : workers) {
			thread.join();
		}
		return Arrays.stream(counts).sum();
	}

	private static Read unchecked(Instance instance) {
		return (key) -> {
			try {
				return instance.get(key);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		};
	}

	// ---- shared ----

	/**
	 * Drives a read load over some instances and records every call, by time slot.
	 */
	private static Drive drive(List<Instance> instances, int threadsPerInstance, Duration run, long slotNanos,
			KeyChooser keys, Control control) throws Exception {
		int slots = (int) Math.ceil((double) run.toNanos() / slotNanos);
		CountDownLatch start = new CountDownLatch(1);
		long begin = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
		long end = begin + run.toNanos();
		List<Recorder> latencies = new ArrayList<>();
		List<Recorder> ages = new ArrayList<>();
		List<Thread> threads = new ArrayList<>();
		for (Instance instance : instances) {
			for (int t = 0; t < threadsPerInstance; t++) {
				Recorder latency = new Recorder(begin, slotNanos, slots);
				Recorder age = new Recorder(begin, slotNanos, slots);
				latencies.add(latency);
				ages.add(age);
				Thread thread = new Thread(() -> {
					try {
						start.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
					ThreadLocalRandom random = ThreadLocalRandom.current();
					long n = 0;
					while (true) {
						long t0 = System.nanoTime();
						if (t0 >= end) {
							break;
						}
						Object value = null;
						boolean failed = false;
						try {
							value = instance.get(keys.next(random));
						}
						catch (Exception ex) {
							failed = true;
						}
						long t1 = System.nanoTime();
						latency.record(t1, t1 - t0, failed);
						// The caller's own work between reads; without it the threads of
						// a
						// peer whose reads never block would take every core from the
						// Redis client's I/O threads and from the refreshes.
						LockSupport.parkNanos(THINK_NANOS);
						if ((++n & 15) == 0 && value != null) {
							long valueAge = SharedLoader.ageNanos(value, t1);
							if (valueAge >= 0) {
								age.record(t1, valueAge, false);
							}
						}
					}
				}, "reader");
				thread.setDaemon(true);
				thread.start();
				threads.add(thread);
			}
		}
		while (System.nanoTime() < begin) {
			Thread.onSpinWait();
		}
		start.countDown();
		control.run();
		for (Thread thread : threads) {
			thread.join(TimeUnit.SECONDS.toMillis(30));
		}
		Recorder latency = new Recorder(begin, slotNanos, slots);
		latencies.forEach(latency::merge);
		Recorder age = new Recorder(begin, slotNanos, slots);
		ages.forEach(age::merge);
		return new Drive(begin, latency, age);
	}

	private Setup setup(Duration ttl, SharedLoader loader) {
		return new Setup(this.redisUri, this.resources, ttl, Duration.ofSeconds(60), COMMAND_TIMEOUT, REFRESH_THREADS,
				loader, "peers" + ThreadLocalRandom.current().nextInt(1_000_000));
	}

	private static List<Instance> startAll(Peer peer, Setup setup) {
		List<Instance> instances = new ArrayList<>();
		for (int i = 0; i < INSTANCES; i++) {
			instances.add(peer.start(i, setup));
		}
		return instances;
	}

	private static void closeAll(List<Instance> instances) {
		for (Instance instance : instances) {
			String statistics = instance.statistics();
			if (!statistics.isEmpty()) {
				log("  " + statistics);
			}
		}
		instances.forEach(Instance::close);
	}

	private void flush() {
		this.admin.sync().flushall();
	}

	private void section(String title, String text) {
		this.report.append("## ").append(title).append("\n\n").append(text).append("\n\n");
	}

	private static long sum(long[] values, int from, int to) {
		long total = 0;
		for (int i = from; i < Math.min(to, values.length); i++) {
			total += values[i];
		}
		return total;
	}

	private static long percentile(long[] sorted, double quantile) {
		int index = (int) Math.min(sorted.length - 1, Math.ceil(sorted.length * quantile) - 1);
		return sorted[Math.max(0, index)];
	}

	private static String ms(long nanos) {
		if (nanos < 0) {
			return "n/a";
		}
		double millis = nanos / 1e6;
		return (millis < 10) ? String.format(Locale.ROOT, "%.3f", millis) : String.format(Locale.ROOT, "%,.0f", millis);
	}

	private static String us(long nanos) {
		return String.format(Locale.ROOT, "%,.0f", nanos / 1e3);
	}

	private static String fmt(double value) {
		return String.format(Locale.ROOT, "%.2f", value);
	}

	private static void log(String line) {
		System.out.println(
				"[" + DateTimeFormatter.ISO_LOCAL_TIME.format(java.time.LocalTime.now(ZoneOffset.UTC)) + "] " + line);
	}

	private record Drive(long start, Recorder latency, Recorder age) {
	}

	/**
	 * Loads per time slot, and how many of them were the first load after an expiry.
	 */
	private record LoadCount(long[] loads, long[] expiries) {

		static LoadCount of(Map<String, List<Long>> starts, long begin, long ttlNanos, int slots) {
			long[] loads = new long[slots];
			long[] expiries = new long[slots];
			ToLongFunction<Long> slotOf = (nanos) -> Math.max(0,
					Math.min(slots - 1, (nanos - begin) / TimeUnit.SECONDS.toNanos(1)));
			for (List<Long> keyStarts : starts.values()) {
				List<Long> sorted = new ArrayList<>(keyStarts);
				sorted.sort(null);
				Long window = null;
				for (long started : sorted) {
					int slot = (int) slotOf.applyAsLong(started);
					loads[slot]++;
					if (window == null || started - window >= ttlNanos) {
						expiries[slot]++;
						window = started;
					}
				}
			}
			return new LoadCount(loads, expiries);
		}

	}

	/**
	 * Zipf-distributed ranks in {@code [0, n)}: rank 0 the most popular.
	 */
	private static final class Zipf {

		private final double[] cdf;

		Zipf(int n, double exponent) {
			this.cdf = new double[n];
			double total = 0;
			for (int i = 0; i < n; i++) {
				total += 1 / Math.pow(i + 1, exponent);
				this.cdf[i] = total;
			}
			for (int i = 0; i < n; i++) {
				this.cdf[i] /= total;
			}
		}

		int sample(ThreadLocalRandom random) {
			int index = Arrays.binarySearch(this.cdf, random.nextDouble());
			return Math.min(this.cdf.length - 1, (index >= 0) ? index : -index - 1);
		}

	}

	@FunctionalInterface
	private interface KeyChooser {

		String next(ThreadLocalRandom random);

	}

	@FunctionalInterface
	private interface Control {

		void run() throws Exception;

	}

	@FunctionalInterface
	private interface Bulk {

		void run() throws Exception;

	}

	@FunctionalInterface
	private interface Read {

		Object read(String key);

	}

	/**
	 * The machine and software the run measured, captured at run time.
	 */
	private static final class Machine {

		private Machine() {
		}

		static String describe(RedisCommands<String, String> redis, double loadBefore, double loadAfter) {
			StringBuilder text = new StringBuilder("Machine (captured by the run):\n\n");
			text.append("- CPU: ")
				.append(Runtime.getRuntime().availableProcessors())
				.append(" cores available to the JVM, ")
				.append(procValue("/proc/cpuinfo", "model name"))
				.append("\n");
			text.append("- Memory: ").append(procValue("/proc/meminfo", "MemTotal")).append("\n");
			text.append("- OS: ")
				.append(osRelease())
				.append(" (")
				.append(System.getProperty("os.name"))
				.append(" ")
				.append(System.getProperty("os.version"))
				.append(", ")
				.append(System.getProperty("os.arch"))
				.append(")\n");
			text.append("- JVM: ")
				.append(System.getProperty("java.vm.name"))
				.append(" ")
				.append(System.getProperty("java.runtime.version"))
				.append(", max heap ")
				.append(Runtime.getRuntime().maxMemory() / (1024 * 1024))
				.append(" MiB, arguments ")
				.append(ManagementFactory.getRuntimeMXBean().getInputArguments())
				.append("\n");
			String server = redis.info("server");
			text.append("- Redis: ")
				.append(infoValue(server, "redis_version"))
				.append(" (")
				.append(infoValue(server, "redis_mode"))
				.append(", started by the run on a free loopback port)\n");
			text.append("- Load average (1 min) at start / end: ")
				.append(fmt(loadBefore))
				.append(" / ")
				.append(fmt(loadAfter))
				.append(" — above the core count means other work shared the machine\n");
			text.append("- Commit: ").append(git()).append("\n");
			return text.toString();
		}

		private static String procValue(String file, String name) {
			try {
				for (String line : Files.readAllLines(Path.of(file))) {
					if (line.startsWith(name)) {
						return line.substring(line.indexOf(':') + 1).trim();
					}
				}
			}
			catch (IOException | RuntimeException ex) {
				// not Linux
			}
			return "unknown";
		}

		private static String osRelease() {
			try {
				for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
					if (line.startsWith("PRETTY_NAME=")) {
						return line.substring("PRETTY_NAME=".length()).replace("\"", "");
					}
				}
			}
			catch (IOException | RuntimeException ex) {
				// not Linux
			}
			return System.getProperty("os.name");
		}

		private static String infoValue(String info, String name) {
			for (String line : info.split("\r?\n")) {
				if (line.startsWith(name + ":")) {
					return line.substring(name.length() + 1).trim();
				}
			}
			return "unknown";
		}

		private static String git() {
			try {
				Process process = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true)
					.start();
				String head = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
				Process status = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no")
					.redirectErrorStream(true)
					.start();
				String dirty = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
				return (process.waitFor() == 0) ? head + (dirty.isEmpty() ? "" : " (with uncommitted changes)")
						: "unknown";
			}
			catch (IOException | RuntimeException ex) {
				return "unknown";
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return "unknown";
			}
		}

	}

}
