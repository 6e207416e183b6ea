package dev.alk.pubsub.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Loopback address that servers bind to, and free ports on it.
 */
final class Loopback {

	/**
	 * Address that servers bind to and clients connect to.
	 */
	static final String HOST = "127.0.0.1";

	private Loopback() {
	}

	/**
	 * Find a port that is free on {@link #HOST} by binding to an ephemeral one and
	 * releasing it.
	 * @return the port
	 */
	static int findFreePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to find a free port on '" + HOST + "'", ex);
		}
	}

}
