/**
 * Real Redis servers for integration tests: a {@link RedisServer} or a
 * {@link RedisCluster} of {@code redis-server} child processes on free loopback ports,
 * and the JUnit extensions ({@link RedisExtension}, {@link RedisClusterExtension}) that
 * give each test class one of them, with {@link StandaloneConnections} and
 * {@link ClusterConnections} for a client and a raw connection to it. Nothing here ever
 * touches a server it did not start, except one named by {@code REDIS_URL}.
 */
@NullMarked
package io.github.swrcache.core.testsupport;

import org.jspecify.annotations.NullMarked;
