package io.github.swrcache.core.testsupport;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class one standalone Redis, obtained by {@link RedisSupport#obtain()}
 * before its first test and closed after its last, and resolves {@link RedisEndpoint}
 * parameters of its {@code @BeforeAll}, {@code @BeforeEach} and test methods. Nested
 * classes share the Redis of their enclosing class. Register it on the class:
 * <pre class="code">
 * &#064;ExtendWith(RedisExtension.class)
 * class RemoteTierIntegrationTests {
 *
 *     &#064;Test
 *     void entryIsSharedThroughRedis(RedisEndpoint redis) { ... }
 * }
 * </pre> Without any Redis the class fails on CI and is aborted elsewhere (see
 * {@link RedisSupport}).
 */
public final class RedisExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

	private static final Namespace NAMESPACE = Namespace.create(RedisExtension.class);

	@Override
	public void beforeAll(ExtensionContext context) {
		ExtensionContext.Store store = context.getStore(NAMESPACE);
		if (store.get(RedisSupport.class) == null) {
			store.put(RedisSupport.class, RedisSupport.obtain());
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		RedisSupport redis = context.getStore(NAMESPACE).remove(RedisSupport.class, RedisSupport.class);
		if (redis != null) {
			redis.close();
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == RedisEndpoint.class;
	}

	@Override
	public RedisEndpoint resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		RedisSupport redis = extensionContext.getStore(NAMESPACE).get(RedisSupport.class, RedisSupport.class);
		if (redis == null) {
			throw new ParameterResolutionException("No Redis before beforeAll: register RedisExtension on the "
					+ "test class, and do not inject RedisEndpoint into a constructor");
		}
		return redis.endpoint();
	}

	/**
	 * Return the endpoint this extension gave the class of a context, for the other
	 * extensions of this package.
	 * @param context the context of the class or of one of its tests
	 * @return the endpoint
	 * @throws ExtensionConfigurationException if this extension did not run its
	 * {@code beforeAll} first
	 */
	static RedisEndpoint endpoint(ExtensionContext context) {
		RedisSupport redis = context.getStore(NAMESPACE).get(RedisSupport.class, RedisSupport.class);
		if (redis == null) {
			throw new ExtensionConfigurationException("No Redis: register RedisExtension on the test class "
					+ "with @ExtendWith, so that it starts before extensions registered on fields");
		}
		return redis.endpoint();
	}

}
