package io.github.swrcache.core.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * One Redis command over a fresh loopback socket, for the lifecycle checks of the servers
 * this package starts ({@code PING}, {@code SHUTDOWN}, {@code CLUSTER INFO}). It speaks
 * just enough RESP for replies that are not arrays, and needs no client library, event
 * loop or child process per call.
 */
final class RedisProbe {

	private static final int TIMEOUT_MILLIS = 2_000;

	private RedisProbe() {
	}

	/**
	 * Send one command to {@code 127.0.0.1:port} and read its reply.
	 * @param port the server port
	 * @param args the command and its arguments
	 * @return a simple, integer or bulk reply as text; {@code null} for a null bulk reply
	 * @throws IOException if the server cannot be reached, closes the connection before
	 * it replies (as {@code SHUTDOWN} does), answers with an error, or with an array
	 */
	static @Nullable String call(int port, String... args) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(RedisServer.HOST, port), TIMEOUT_MILLIS);
			socket.setSoTimeout(TIMEOUT_MILLIS);
			OutputStream out = socket.getOutputStream();
			out.write(encode(args));
			out.flush();
			return readReply(new BufferedInputStream(socket.getInputStream()));
		}
	}

	private static byte[] encode(String... args) {
		StringBuilder command = new StringBuilder("*").append(args.length).append("\r\n");
		for (String arg : args) {
			int length = arg.getBytes(StandardCharsets.UTF_8).length;
			command.append('$').append(length).append("\r\n").append(arg).append("\r\n");
		}
		return command.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static @Nullable String readReply(InputStream in) throws IOException {
		int type = in.read();
		if (type == -1) {
			throw new EOFException("connection closed without a reply");
		}
		String line = readLine(in);
		switch (type) {
			case '+':
			case ':':
				return line;
			case '-':
				throw new IOException("Redis replied: " + line);
			case '$':
				int length = Integer.parseInt(line);
				return (length < 0) ? null : readBulk(in, length);
			default:
				throw new IOException("unsupported reply type '" + (char) type + "': " + line);
		}
	}

	private static String readBulk(InputStream in, int length) throws IOException {
		byte[] bulk = in.readNBytes(length + 2);
		if (bulk.length < length + 2) {
			throw new EOFException("connection closed inside a bulk reply");
		}
		return new String(bulk, 0, length, StandardCharsets.UTF_8);
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		for (int next = in.read(); next != -1; next = in.read()) {
			if (previous == '\r' && next == '\n') {
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
			}
			line.write(next);
			previous = next;
		}
		throw new EOFException("connection closed inside a reply line");
	}

}
