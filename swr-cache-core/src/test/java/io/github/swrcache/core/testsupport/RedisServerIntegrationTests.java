package io.github.swrcache.core.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * {@link RedisServer} runs a real {@code redis-server} that Lettuce can use, dies on
 * {@code kill()}, comes back empty on the same port on {@code restart()}, and leaves
 * neither a process, a bound port nor a directory behind once closed.
 */
class RedisServerIntegrationTests {

	@Test
	void serverLivesFromStartToKillAndComesBackEmptyOnTheSamePort() throws IOException {
		RedisServer server = RedisServer.start();
		RedisClient client = RedisClient.create(server.uri());
		client.setOptions(ClientOptions.builder().autoReconnect(false).build());
		try {
			assertThat(server.port()).isNotEqualTo(6379);
			assertThat(server.uri()).isEqualTo("redis://127.0.0.1:" + server.port());
			StatefulRedisConnection<String, String> connection = client.connect();
			RedisCommands<String, String> redis = connection.sync();
			assertThat(redis.set("greeting", "hello")).isEqualTo("OK");
			assertThat(redis.get("greeting")).isEqualTo("hello");
			long firstPid = server.pid();

			server.kill();
			assertThat(server.isRunning()).isFalse();
			assertThat(isAlive(firstPid)).isFalse();
			await().atMost(Duration.ofSeconds(5)).until(() -> !connection.isOpen());
			assertThatExceptionOfType(RedisException.class).isThrownBy(redis::ping);
			assertThatExceptionOfType(RedisConnectionException.class).isThrownBy(client::connect);

			int port = server.port();
			server.restart();
			assertThat(server.isRunning()).isTrue();
			assertThat(server.port()).isEqualTo(port);
			assertThat(server.pid()).isNotEqualTo(firstPid);
			RedisCommands<String, String> restarted = client.connect().sync();
			assertThat(restarted.ping()).isEqualTo("PONG");
			assertThat(restarted.get("greeting")).isNull();
			assertThat(restarted.dbsize()).isZero();
		}
		finally {
			client.shutdown();
			server.close();
		}
	}

	@Test
	void closeStopsTheProcessFreesThePortAndDeletesTheDirectory() throws IOException {
		RedisServer server = RedisServer.start();
		long pid = server.pid();
		Path directory = server.directory();
		assertThat(directory.resolve("redis.log")).exists();

		server.close();

		assertThat(server.isRunning()).isFalse();
		assertThat(isAlive(pid)).isFalse();
		assertThat(directory).doesNotExist();
		try (ServerSocket socket = new ServerSocket(server.port(), 1, InetAddress.getByName("127.0.0.1"))) {
			assertThat(socket.getLocalPort()).isEqualTo(server.port());
		}
		server.close();
		assertThat(directory).doesNotExist();
	}

	@Test
	void restartOfARunningServerIsRefused() {
		try (RedisServer server = RedisServer.start()) {
			long pid = server.pid();
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(server::restart)
				.withMessageContaining("is running");
			assertThat(server.pid()).isEqualTo(pid);
			assertThat(server.isRunning()).isTrue();
		}
	}

	@Test
	void serverThatExitsAtStartupFailsWithItsOutput() {
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> RedisServer.start("--no-such-directive", "x"))
			.withMessageContaining("exited with code 1 before answering PING")
			.withMessageContaining("Bad directive");
	}

	@Test
	void optionsThatWouldMoveTheServerAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> RedisServer.start("--port", "6379"))
			.withMessage("--port is managed by RedisServer, was given in extraArgs");
	}

	private static boolean isAlive(long pid) {
		return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
	}

}
