package io.github.swrcache.spring.autoconfigure;

import io.github.swrcache.core.CachePolicy;
import io.github.swrcache.core.RemoteOptions;
import io.github.swrcache.core.SwrCacheManager;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class SwrCachePropertiesTests {

	private final SwrCacheProperties properties = new SwrCacheProperties();

	@Test
	void policyDefaultsAreCoresDefaults() {
		assertThat(new SwrCachePolicies(this.properties).getDefaultPolicy()).isEqualTo(CachePolicy.defaults());
		SwrCacheProperties.Defaults defaults = this.properties.getDefaults();
		assertThat(defaults.getTtl()).isEqualTo(CachePolicy.DEFAULT_TTL);
		assertThat(defaults.getStaleWhileRevalidate()).isEqualTo(CachePolicy.DEFAULT_STALE_WHILE_REVALIDATE);
		assertThat(defaults.getStaleIfError()).isEqualTo(CachePolicy.DEFAULT_STALE_IF_ERROR);
		assertThat(defaults.getJitter()).isEqualTo(CachePolicy.DEFAULT_JITTER);
		assertThat(defaults.isEarlyRefresh()).isEqualTo(CachePolicy.DEFAULT_EARLY_REFRESH);
		assertThat(defaults.getLoadTimeout()).isEqualTo(CachePolicy.DEFAULT_LOAD_TIMEOUT);
		assertThat(defaults.getLoadHardTimeout()).isEqualTo(CachePolicy.DEFAULT_LOAD_HARD_TIMEOUT);
		assertThat(defaults.getFailSafeThrottle()).isEqualTo(CachePolicy.DEFAULT_FAIL_SAFE_THROTTLE);
		assertThat(defaults.isCacheNulls()).isEqualTo(CachePolicy.DEFAULT_CACHE_NULLS);
		assertThat(defaults.getNullTtl()).isEqualTo(CachePolicy.DEFAULT_NULL_TTL);
	}

	@Test
	void redisDefaultsAreCoresDefaults() {
		SwrCacheProperties.Redis redis = this.properties.getRedis();
		assertThat(this.properties.getKeyPrefix()).isEqualTo(RemoteOptions.DEFAULT_KEY_PREFIX);
		assertThat(redis.isEnabled()).isTrue();
		assertThat(redis.getCommandTimeout()).isEqualTo(RemoteOptions.DEFAULT_COMMAND_TIMEOUT);
		assertThat(redis.getLock().getLease()).isEqualTo(RemoteOptions.DEFAULT_LOCK_LEASE);
		assertThat(redis.getLock().getWait()).isEqualTo(RemoteOptions.DEFAULT_LOCK_WAIT);
		assertThat(redis.getLock().getOnLockTimeout()).isEqualTo(RemoteOptions.DEFAULT_ON_LOCK_TIMEOUT);
		assertThat(redis.getMaxValueSize()).isEqualTo(DataSize.ofBytes(RemoteOptions.DEFAULT_MAX_VALUE_SIZE));
		assertThat(redis.getCompressionThreshold())
			.isEqualTo(DataSize.ofBytes(RemoteOptions.DEFAULT_COMPRESSION_THRESHOLD));
		assertThat(redis.getKeyVersion()).isEqualTo(RemoteOptions.DEFAULT_KEY_VERSION);
	}

	@Test
	void managerDefaultsAreCoresDefaults() {
		assertThat(this.properties.getLocal().getMaxEntries())
			.isEqualTo(SwrCacheManager.Builder.DEFAULT_LOCAL_MAX_ENTRIES);
		assertThat(this.properties.getLocal().getMaxTtl()).isEqualTo(SwrCacheManager.Builder.DEFAULT_LOCAL_MAX_TTL);
		assertThat(this.properties.getRefresh().getThreads())
			.isEqualTo(SwrCacheManager.Builder.DEFAULT_REFRESH_THREADS);
		assertThat(this.properties.getRefresh().getQueueCapacity())
			.isEqualTo(SwrCacheManager.Builder.DEFAULT_REFRESH_QUEUE_CAPACITY);
		assertThat(this.properties.getRefresh().getTimeout())
			.isEqualTo(SwrCacheManager.Builder.DEFAULT_REFRESH_TIMEOUT);
	}

}
