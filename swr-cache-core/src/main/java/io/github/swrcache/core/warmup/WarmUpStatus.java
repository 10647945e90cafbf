package io.github.swrcache.core.warmup;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one {@link CacheWarmer}'s latest pass.
 *
 * @param name the warmer's name
 * @param cache the cache it warms
 * @param state where the latest pass stands
 * @param done keys gone through by the latest pass, loaded or not
 * @param total keys of the latest pass
 * @param loaded keys of the latest pass that this instance's loader loaded; the others
 * were already cached, or loaded by another instance
 * @param errors keys of the latest pass whose batch failed to load
 * @param passes passes started since the runner started
 * @param startedAt when the latest pass started, or {@code null} before the first
 * @param finishedAt when the latest pass ended, or {@code null} while it runs
 * @param failure the latest pass's first failure, or {@code null}
 */
public record WarmUpStatus(String name, String cache, WarmUpState state, long done, long total, long loaded,
		long errors, long passes, @Nullable Instant startedAt, @Nullable Instant finishedAt, @Nullable String failure) {

}
