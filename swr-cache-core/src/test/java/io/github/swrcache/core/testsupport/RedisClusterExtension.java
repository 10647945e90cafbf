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
 * Gives a test class one Redis Cluster, {@link RedisCluster#start(int, int) started}
 * before its first test and closed after its last, and resolves {@link RedisCluster}
 * parameters of its {@code @BeforeAll}, {@code @BeforeEach} and test methods. Nested
 * classes share the cluster of their enclosing class.
 * <p>
 * Registered with {@code @ExtendWith(RedisClusterExtension.class)}, the cluster has 3
 * masters without replicas; a class that needs replicas registers an instance:
 * <pre class="code">
 * &#064;RegisterExtension
 * static final RedisClusterExtension cluster = new RedisClusterExtension(3, 1);
 * </pre>
 * <p>
 * The nodes are local processes, so {@code redis-server} and {@code redis-cli} must be on
 * {@code PATH}; without them the class fails on CI and is aborted elsewhere.
 */
public final class RedisClusterExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

	private static final Namespace NAMESPACE = Namespace.create(RedisClusterExtension.class);

	private final int masters;

	private final int replicasPerMaster;

	/**
	 * An extension that starts 3 masters without replicas.
	 */
	public RedisClusterExtension() {
		this(3, 0);
	}

	/**
	 * An extension that starts a cluster of the given shape.
	 * @param masters the number of masters, at least 3
	 * @param replicasPerMaster the number of replicas of each master, at least 0
	 */
	public RedisClusterExtension(int masters, int replicasPerMaster) {
		this.masters = masters;
		this.replicasPerMaster = replicasPerMaster;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		ExtensionContext.Store store = context.getStore(NAMESPACE);
		if (store.get(RedisCluster.class) == null) {
			for (String binary : new String[] { "redis-server", "redis-cli" }) {
				if (Executables.find(binary).isEmpty()) {
					RedisSupport.unavailable(
							"No Redis Cluster for the integration tests: '" + binary
									+ "' is not on PATH; install Redis 7 (for example 'apt-get install redis-server')",
							System::getenv);
				}
			}
			store.put(RedisCluster.class, RedisCluster.start(this.masters, this.replicasPerMaster));
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		RedisCluster cluster = context.getStore(NAMESPACE).remove(RedisCluster.class, RedisCluster.class);
		if (cluster != null) {
			cluster.close();
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == RedisCluster.class;
	}

	@Override
	public RedisCluster resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		RedisCluster cluster = extensionContext.getStore(NAMESPACE).get(RedisCluster.class, RedisCluster.class);
		if (cluster == null) {
			throw new ParameterResolutionException("No Redis Cluster before beforeAll: register "
					+ "RedisClusterExtension on the test class, and do not inject RedisCluster into a constructor");
		}
		return cluster;
	}

	/**
	 * Return the cluster this extension gave the class of a context, for the other
	 * extensions of this package.
	 * @param context the context of the class or of one of its tests
	 * @return the cluster
	 * @throws ExtensionConfigurationException if this extension did not run its
	 * {@code beforeAll} first
	 */
	static RedisCluster cluster(ExtensionContext context) {
		RedisCluster cluster = context.getStore(NAMESPACE).get(RedisCluster.class, RedisCluster.class);
		if (cluster == null) {
			throw new ExtensionConfigurationException("No Redis Cluster: register RedisClusterExtension on the "
					+ "test class with @ExtendWith, so that it starts before extensions registered on fields");
		}
		return cluster;
	}

}
