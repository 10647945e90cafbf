package io.github.swrcache.core;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A loader that counts its calls and returns what the test's function computes.
 */
final class CountingLoader<K, V> implements Loader<K, V> {

	private final AtomicInteger calls = new AtomicInteger();

	private final Function<K, V> values;

	private volatile RuntimeException failure;

	CountingLoader(Function<K, V> values) {
		this.values = values;
	}

	void failWith(RuntimeException failure) {
		this.failure = failure;
	}

	void succeed() {
		this.failure = null;
	}

	int calls() {
		return this.calls.get();
	}

	@Override
	public V load(K key) {
		this.calls.incrementAndGet();
		RuntimeException ex = this.failure;
		if (ex != null) {
			throw ex;
		}
		return this.values.apply(key);
	}

}
