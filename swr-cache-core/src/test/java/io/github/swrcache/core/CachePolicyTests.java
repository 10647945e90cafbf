package io.github.swrcache.core;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link CachePolicy}: defaults are the public constants; every invalid value is rejected
 * at once with the field and the value in the message.
 */
class CachePolicyTests {

	@Test
	void defaultsAreThePublicConstants() {
		CachePolicy policy = CachePolicy.defaults();
		assertThat(policy.ttl()).isEqualTo(CachePolicy.DEFAULT_TTL).isEqualTo(Duration.ofMinutes(1));
		assertThat(policy.staleWhileRevalidate()).isEqualTo(CachePolicy.DEFAULT_STALE_WHILE_REVALIDATE);
		assertThat(policy.staleIfError()).isEqualTo(CachePolicy.DEFAULT_STALE_IF_ERROR);
		assertThat(policy.jitter()).isEqualTo(CachePolicy.DEFAULT_JITTER);
		assertThat(policy.earlyRefresh()).isEqualTo(CachePolicy.DEFAULT_EARLY_REFRESH);
		assertThat(policy.earlyRefreshBeta()).isEqualTo(CachePolicy.DEFAULT_EARLY_REFRESH_BETA);
		assertThat(policy.loadTimeout()).isEqualTo(CachePolicy.DEFAULT_LOAD_TIMEOUT);
		assertThat(policy.loadHardTimeout()).isEqualTo(CachePolicy.DEFAULT_LOAD_HARD_TIMEOUT);
		assertThat(policy.failSafeThrottle()).isEqualTo(CachePolicy.DEFAULT_FAIL_SAFE_THROTTLE);
		assertThat(policy.cacheNulls()).isEqualTo(CachePolicy.DEFAULT_CACHE_NULLS);
		assertThat(policy.nullTtl()).isEqualTo(CachePolicy.DEFAULT_NULL_TTL);
		assertThat(CachePolicy.builder().build()).isEqualTo(policy).hasSameHashCodeAs(policy);
	}

	@Test
	void mutateKeepsEveryOtherValue() {
		CachePolicy base = CachePolicy.builder()
			.ttl(Duration.ofSeconds(3))
			.staleWhileRevalidate(Duration.ZERO)
			.earlyRefresh(true)
			.cacheNulls(true)
			.build();
		CachePolicy changed = base.mutate().jitter(0).build();
		assertThat(changed.ttl()).isEqualTo(Duration.ofSeconds(3));
		assertThat(changed.staleWhileRevalidate()).isZero();
		assertThat(changed.earlyRefresh()).isTrue();
		assertThat(changed.cacheNulls()).isTrue();
		assertThat(changed.jitter()).isZero();
		assertThat(changed).isNotEqualTo(base);
	}

	@Test
	void nonPositiveDurationsAreRejectedWithFieldAndValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> CachePolicy.builder().ttl(Duration.ofSeconds(-5)))
			.withMessage("ttl must be positive, was PT-5S");
		assertThatIllegalArgumentException().isThrownBy(() -> CachePolicy.builder().ttl(Duration.ZERO))
			.withMessage("ttl must be positive, was PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> CachePolicy.builder().ttl(null))
			.withMessage("ttl must be positive, was null");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CachePolicy.builder().staleWhileRevalidate(Duration.ofMillis(-1)))
			.withMessage("staleWhileRevalidate must be zero or positive, was PT-0.001S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CachePolicy.builder().staleIfError(Duration.ofMinutes(-1)))
			.withMessage("staleIfError must be zero or positive, was PT-1M");
		assertThatIllegalArgumentException().isThrownBy(() -> CachePolicy.builder().loadTimeout(Duration.ZERO))
			.withMessage("loadTimeout must be positive, was PT0S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CachePolicy.builder().loadHardTimeout(Duration.ofSeconds(-1)))
			.withMessage("loadHardTimeout must be positive, was PT-1S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CachePolicy.builder().failSafeThrottle(Duration.ofSeconds(-1)))
			.withMessage("failSafeThrottle must be zero or positive, was PT-1S");
		assertThatIllegalArgumentException().isThrownBy(() -> CachePolicy.builder().nullTtl(Duration.ZERO))
			.withMessage("nullTtl must be positive, was PT0S");
	}

	@Test
	void jitterAndBetaOutOfRangeAreRejectedWithTheAllowedRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> CachePolicy.builder().jitter(1.0))
			.withMessage("jitter must be in [0, 1), was 1.0");
		assertThatIllegalArgumentException().isThrownBy(() -> CachePolicy.builder().jitter(-0.1))
			.withMessage("jitter must be in [0, 1), was -0.1");
		assertThatIllegalArgumentException().isThrownBy(() -> CachePolicy.builder().jitter(Double.NaN))
			.withMessage("jitter must be in [0, 1), was NaN");
		assertThatIllegalArgumentException().isThrownBy(() -> CachePolicy.builder().earlyRefreshBeta(0))
			.withMessage("earlyRefreshBeta must be a positive finite number, was 0.0");
	}

	@Test
	void hardTimeoutShorterThanSoftTimeoutIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CachePolicy.builder()
				.loadTimeout(Duration.ofSeconds(2))
				.loadHardTimeout(Duration.ofSeconds(1))
				.build())
			.withMessage("loadHardTimeout must not be shorter than loadTimeout (PT2S), was PT1S");
		assertThat(
				CachePolicy.builder().loadTimeout(null).loadHardTimeout(Duration.ofMillis(1)).build().loadHardTimeout())
			.isEqualTo(Duration.ofMillis(1));
	}

}
