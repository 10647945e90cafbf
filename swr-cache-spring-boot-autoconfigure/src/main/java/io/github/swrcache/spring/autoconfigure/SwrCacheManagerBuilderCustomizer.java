package io.github.swrcache.spring.autoconfigure;

import io.github.swrcache.core.SwrCacheManager;

/**
 * Callback that customizes the {@link SwrCacheManager.Builder} after the
 * {@code swr.cache.*} properties were applied and before the manager is built. Every bean
 * of this type is applied, in {@link org.springframework.core.annotation.Order} order,
 * once per manager.
 */
@FunctionalInterface
public interface SwrCacheManagerBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder
	 */
	void customize(SwrCacheManager.Builder builder);

}
