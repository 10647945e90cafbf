package io.github.swrcache.sample.catalog;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.springframework.stereotype.Component;

/**
 * Counts how often each cached method's body really ran, per cache and key: what a cache
 * saves is the calls that are not counted here. Shown by {@code GET /api/demo/loads}.
 */
@Component
public class LoaderCalls {

	private final Map<String, LongAdder> byCache = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> byKey = new ConcurrentHashMap<>();

	/**
	 * Records one call.
	 * @param cache the cache whose loader ran
	 * @param key the key it loaded
	 */
	public void record(String cache, Object key) {
		this.byCache.computeIfAbsent(cache, (name) -> new LongAdder()).increment();
		this.byKey.computeIfAbsent(cache + "/" + key, (name) -> new LongAdder()).increment();
	}

	/**
	 * Calls for one cache.
	 * @param cache the cache
	 * @return the calls since start
	 */
	public long count(String cache) {
		LongAdder adder = this.byCache.get(cache);
		return (adder != null) ? adder.sum() : 0;
	}

	/**
	 * Calls for one key of a cache.
	 * @param cache the cache
	 * @param key the key
	 * @return the calls since start
	 */
	public long count(String cache, Object key) {
		LongAdder adder = this.byKey.get(cache + "/" + key);
		return (adder != null) ? adder.sum() : 0;
	}

	/**
	 * Calls per cache.
	 * @return the counts by cache name
	 */
	public Map<String, Long> counts() {
		Map<String, Long> counts = new TreeMap<>();
		this.byCache.forEach((cache, adder) -> counts.put(cache, adder.sum()));
		return counts;
	}

}
