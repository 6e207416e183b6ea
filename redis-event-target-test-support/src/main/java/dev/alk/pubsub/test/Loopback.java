package dev.alk.pubsub.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

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

	/**
	 * Find distinct ports that are free on {@link #HOST} by binding to as many ephemeral
	 * ones at once and releasing them.
	 * @param count how many ports to find
	 * @return the ports
	 */
	static List<Integer> findFreePorts(int count) {
		List<ServerSocket> sockets = new ArrayList<>(count);
		try {
			for (int i = 0; i < count; i++) {
				sockets.add(new ServerSocket(0, 1, InetAddress.getByName(HOST)));
			}
			return sockets.stream().map(ServerSocket::getLocalPort).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to find " + count + " free ports on '" + HOST + "'", ex);
		}
		finally {
			sockets.forEach(Loopback::closeQuietly);
		}
	}

	private static void closeQuietly(ServerSocket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// the port is released either way
		}
	}

}
