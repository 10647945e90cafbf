package io.github.swrcache.core.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.github.swrcache.core.testsupport.RedisEndpoint;
import io.github.swrcache.core.testsupport.RedisExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link KeyGlob} means what Redis means: for every glob, the ids it matches in Java are
 * the ids Redis's {@code SCAN ... MATCH} finds behind an escaped literal prefix.
 */
@ExtendWith(RedisExtension.class)
class KeyGlobRedisIntegrationTests {

	private static final List<String> IDS = List.of("user:1", "user:10", "user:2", "user:", "a}b", "}x", "\\y", "x",
			"é", "ab", "a-b", "a]b", "a[b", "a*b", "a?b", "[", "]", "-", "^", "", "xy}:lock", "A", "z", "b");

	private static final List<String> GLOBS = List.of("*", "user:1*", "user:?", "user:[12]", "user:[^1]*", "[a-c]*",
			"[c-a]*", "[]]", "[a-]]*", "[\\]]*", "[]", "[^]", "*}*", "?x", "\\\\*", "\\**", "a\\*b", "a[*]b", "?", "??",
			"*b", "a*b*", "[-]", "[\\^]", "[^^]", "*[", "user:*[0-9]");

	private static RedisClient client;

	private static StatefulRedisConnection<byte[], byte[]> connection;

	@BeforeAll
	static void connect(RedisEndpoint redis) {
		client = RedisClient.create(redis.uri());
		connection = client.connect(ByteArrayCodec.INSTANCE);
	}

	@AfterAll
	static void disconnect() {
		connection.close();
		client.shutdown();
	}

	@Test
	void javaAndRedisMatchTheSameIds() {
		RedisCommands<byte[], byte[]> redis = connection.sync();
		String prefix = "glob-" + UUID.randomUUID() + ":*?[]\\:";
		IDS.forEach((id) -> redis.set(utf8(prefix + id), utf8("v")));
		int checked = 0;
		for (String text : GLOBS) {
			KeyGlob glob;
			try {
				glob = KeyGlob.of(text);
			}
			catch (IllegalArgumentException ex) {
				continue;
			}
			Set<String> byRedis = new TreeSet<>();
			ScanIterator.scan(redis, ScanArgs.Builder.matches(utf8(KeyGlob.escape(prefix) + glob.text())).limit(1000))
				.forEachRemaining(
						(key) -> byRedis.add(new String(key, StandardCharsets.UTF_8).substring(prefix.length())));
			Set<String> byJava = new TreeSet<>(IDS.stream().filter(glob::matches).toList());
			assertThat(byJava).as("glob '%s'", text).isEqualTo(byRedis);
			checked++;
		}
		assertThat(checked).isEqualTo(GLOBS.size() - 1);
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
