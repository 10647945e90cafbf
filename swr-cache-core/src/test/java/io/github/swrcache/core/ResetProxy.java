package io.github.swrcache.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of a real Redis that can do what a network does to a connection:
 * swallow the server's replies (the request reached Redis and ran, the reply never
 * arrives) and reset the connection (RST, so the client reads "Connection reset by
 * peer"). A redis-server closing a connection ({@code CLIENT KILL}) sends FIN instead,
 * which Lettuce answers by re-sending the in-flight commands itself after reconnecting;
 * only a reset fails the command under way.
 */
final class ResetProxy implements AutoCloseable {

	private final ServerSocket server;

	private final int targetPort;

	private final List<Link> links = new CopyOnWriteArrayList<>();

	private volatile boolean swallowReplies;

	ResetProxy(int targetPort) {
		this.targetPort = targetPort;
		try {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread acceptor = new Thread(this::accept, "reset-proxy-accept");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	String uri() {
		return "redis://127.0.0.1:" + this.server.getLocalPort();
	}

	/**
	 * Swallows (or again forwards) every reply the server sends from now on.
	 * @param swallow whether to swallow
	 */
	void swallowReplies(boolean swallow) {
		this.swallowReplies = swallow;
	}

	/**
	 * How many bytes of replies were swallowed so far.
	 * @return the count
	 */
	long swallowed() {
		return this.links.stream().mapToLong((link) -> link.swallowed.get()).sum();
	}

	/**
	 * Resets (RST) every client connection one of whose replies was swallowed, and closes
	 * its connection to the server.
	 * @return how many connections were reset
	 */
	int resetSwallowing() {
		int reset = 0;
		for (Link link : this.links) {
			if (link.swallowed.get() > 0) {
				link.reset();
				this.links.remove(link);
				reset++;
			}
		}
		return reset;
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Socket upstream = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
				Link link = new Link(client, upstream);
				this.links.add(link);
				link.start();
			}
			catch (IOException ex) {
				// closed, or the server refused: the client sees its connection fail
			}
		}
	}

	@Override
	public void close() {
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// nothing left to do
		}
		this.links.forEach(Link::reset);
	}

	private final class Link {

		private final Socket client;

		private final Socket upstream;

		private final AtomicLong swallowed = new AtomicLong();

		Link(Socket client, Socket upstream) {
			this.client = client;
			this.upstream = upstream;
		}

		void start() throws IOException {
			pump(this.client.getInputStream(), this.upstream.getOutputStream(), false);
			pump(this.upstream.getInputStream(), this.client.getOutputStream(), true);
		}

		private void pump(InputStream in, OutputStream out, boolean replies) {
			Thread thread = new Thread(() -> {
				byte[] buffer = new byte[8192];
				try {
					int read;
					while ((read = in.read(buffer)) >= 0) {
						if (replies && ResetProxy.this.swallowReplies) {
							this.swallowed.addAndGet(read);
							continue;
						}
						out.write(buffer, 0, read);
						out.flush();
					}
				}
				catch (IOException ex) {
					// the link is gone
				}
				reset();
			}, "reset-proxy-pump");
			thread.setDaemon(true);
			thread.start();
		}

		void reset() {
			try {
				this.client.setSoLinger(true, 0);
			}
			catch (SocketException ex) {
				// already closed
			}
			closeQuietly(this.client);
			closeQuietly(this.upstream);
		}

		private static void closeQuietly(Socket socket) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// already closed
			}
		}

	}

}
