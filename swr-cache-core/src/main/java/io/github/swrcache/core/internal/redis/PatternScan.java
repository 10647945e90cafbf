package io.github.swrcache.core.internal.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.github.swrcache.core.PatternInvalidation;
import io.github.swrcache.core.internal.KeyGlob;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import org.jspecify.annotations.Nullable;

/**
 * One pattern invalidation on Redis: {@code SCAN ... MATCH ... COUNT 500} page by page on
 * every server that holds keys (each master of a Cluster), and for each page one
 * {@code UNLINK} of the locks and waiters' flags of the matching key ids, then one of
 * their values. Locks go first: a load that finishes between the two finds its lock gone
 * and does not write, and one that finished before has its value deleted. Never
 * {@code KEYS}: a page is a short command, so Redis keeps serving everyone else between
 * pages. The pages run one after another, each started when the previous one completes,
 * so that a large keyspace neither floods Redis nor nests futures.
 */
final class PatternScan {

	/** Keys Redis examines per {@code SCAN} page. */
	static final int PAGE_SIZE = 500;

	private static final System.Logger logger = System.getLogger(PatternScan.class.getName());

	private final RedisTier tier;

	private final String cacheName;

	private final RedisKeys keys;

	private final KeyGlob glob;

	private final List<Pass> passes = new ArrayList<>();

	private final CompletableFuture<PatternInvalidation> result = new CompletableFuture<>();

	private final long start = System.nanoTime();

	private int servers;

	private int pass;

	private int batches;

	private long scanned;

	private long deleted;

	PatternScan(RedisTier tier, String cacheName, RedisKeys keys, KeyGlob glob) {
		this.tier = tier;
		this.cacheName = cacheName;
		this.keys = keys;
		this.glob = glob;
	}

	/**
	 * Runs the scan.
	 * @return the counts, or a failure after the pages already done
	 */
	CompletableFuture<PatternInvalidation> run() {
		List<@Nullable String> targets;
		try {
			targets = this.tier.scanServers();
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		this.servers = targets.size();
		for (String pattern : this.keys.scanPatterns(this.glob)) {
			ScanArgs args = ScanArgs.Builder.matches(pattern.getBytes(StandardCharsets.UTF_8)).limit(PAGE_SIZE);
			for (String server : targets) {
				this.passes.add(new Pass(server, pattern, args));
			}
		}
		page(ScanCursor.INITIAL);
		return this.result;
	}

	private void page(ScanCursor cursor) {
		if (this.pass == this.passes.size()) {
			finish();
			return;
		}
		Pass current = this.passes.get(this.pass);
		this.tier.scan(current.server(), cursor, current.args()).whenComplete((page, error) -> {
			if (error != null) {
				fail(error);
				return;
			}
			delete(page).whenComplete((count, deleteError) -> {
				if (deleteError != null) {
					fail(deleteError);
					return;
				}
				this.batches++;
				this.scanned += page.getKeys().size();
				this.deleted += count;
				logger.log(System.Logger.Level.DEBUG,
						() -> "Pattern invalidation of cache '" + this.cacheName + "' with glob '" + this.glob
								+ "': batch " + this.batches + " on " + serverName(current) + " found "
								+ page.getKeys().size() + " keys, deleted " + count + " entries (" + this.deleted
								+ " so far)");
				if (page.isFinished()) {
					this.pass++;
					page(ScanCursor.INITIAL);
				}
				else {
					page(page);
				}
			});
		});
	}

	/**
	 * Deletes the entries of the page's matching key ids with their locks and flags.
	 * @return how many values existed
	 */
	private CompletableFuture<Long> delete(KeyScanCursor<byte[]> page) {
		Set<String> ids = new LinkedHashSet<>();
		for (byte[] name : page.getKeys()) {
			String keyId = this.keys.keyIdOf(new String(name, StandardCharsets.UTF_8));
			if (keyId != null && this.glob.matches(keyId)) {
				ids.add(keyId);
			}
		}
		if (ids.isEmpty()) {
			return CompletableFuture.completedFuture(0L);
		}
		List<String> locks = new ArrayList<>(ids.size() * 2);
		List<String> values = new ArrayList<>(ids.size());
		for (String id : ids) {
			locks.add(this.keys.lock(id));
			locks.add(this.keys.waiters(id));
			values.add(this.keys.data(id));
		}
		// Both are sent before either reply is awaited; per node they run in this order.
		CompletableFuture<Long> unlocked = this.tier.unlink(locks);
		CompletableFuture<Long> removed = this.tier.unlink(values);
		return unlocked.thenCombine(removed, (locksRemoved, valuesRemoved) -> valuesRemoved);
	}

	private void finish() {
		PatternInvalidation done = new PatternInvalidation(this.cacheName, this.glob.text(), this.servers, this.batches,
				this.scanned, this.deleted, Duration.ofNanos(System.nanoTime() - this.start));
		logger.log(System.Logger.Level.INFO,
				() -> "Pattern invalidation of cache '" + this.cacheName + "' with glob '" + this.glob + "': deleted "
						+ done.deleted() + " entries of " + done.scanned() + " keys found in " + done.batches()
						+ " batches on " + done.servers() + " server(s) in " + done.took().toMillis() + " ms");
		this.result.complete(done);
	}

	private void fail(Throwable error) {
		logger.log(System.Logger.Level.WARNING,
				() -> "Pattern invalidation of cache '" + this.cacheName + "' with glob '" + this.glob
						+ "' failed after " + this.batches + " batches (" + this.deleted + " entries deleted): "
						+ error);
		this.result.completeExceptionally(error);
	}

	private static String serverName(Pass pass) {
		return (pass.server() != null) ? "node " + pass.server() : "the server";
	}

	/**
	 * One pattern on one server.
	 */
	private record Pass(@Nullable String server, String pattern, ScanArgs args) {
	}

}
