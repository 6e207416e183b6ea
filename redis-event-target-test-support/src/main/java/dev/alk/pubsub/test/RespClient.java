package dev.alk.pubsub.test;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Minimal RESP client that sends one command per connection.
 * <p>
 * Replies map to {@link String} for simple and bulk strings, {@link Long} for integers,
 * an unmodifiable {@link List} for arrays and {@code null} for null bulk strings and
 * arrays. Error replies throw {@link IllegalStateException} with the error text as
 * message. Thread-safe, as nothing is shared between calls.
 */
final class RespClient {

	private static final int CONNECT_TIMEOUT_MILLIS = 1000;

	private static final int READ_TIMEOUT_MILLIS = 5000;

	private static final byte[] CRLF = { '\r', '\n' };

	private final String host;

	private final int port;

	private final @Nullable String password;

	RespClient(String host, int port, @Nullable String password) {
		this.host = host;
		this.port = port;
		this.password = password;
	}

	/**
	 * Send one command like {@link #execute(String...)}, failing with an unchecked
	 * exception when the connection fails.
	 * @param args the command and its arguments
	 * @return the reply
	 * @throws UncheckedIOException if the connection fails or closes before the reply
	 * @throws IllegalStateException if Redis replies with an error
	 */
	@Nullable Object send(String... args) {
		if (args.length == 0) {
			throw new IllegalArgumentException("A command is required");
		}
		try {
			return execute(args);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(
					"Failed to send '" + args[0] + "' to Redis at '" + this.host + ":" + this.port + "'", ex);
		}
	}

	/**
	 * Connect, authenticate when a password is set, send one command and read its reply.
	 * @param args the command and its arguments
	 * @return the reply
	 * @throws IOException if the connection fails or closes before the reply
	 * @throws IllegalStateException if Redis replies with an error
	 */
	@Nullable Object execute(String... args) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(this.host, this.port), CONNECT_TIMEOUT_MILLIS);
			socket.setSoTimeout(READ_TIMEOUT_MILLIS);
			OutputStream out = new BufferedOutputStream(socket.getOutputStream());
			InputStream in = new BufferedInputStream(socket.getInputStream());
			if (this.password != null) {
				write(out, "AUTH", this.password);
				read(in);
			}
			write(out, args);
			return read(in);
		}
	}

	private static void write(OutputStream out, String... args) throws IOException {
		out.write(("*" + args.length).getBytes(StandardCharsets.US_ASCII));
		out.write(CRLF);
		for (String arg : args) {
			byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
			out.write(("$" + bytes.length).getBytes(StandardCharsets.US_ASCII));
			out.write(CRLF);
			out.write(bytes);
			out.write(CRLF);
		}
		out.flush();
	}

	private static @Nullable Object read(InputStream in) throws IOException {
		int type = in.read();
		if (type == -1) {
			throw new EOFException("Connection closed by Redis before a reply");
		}
		String line = readLine(in);
		return switch (type) {
			case '+' -> line;
			case '-' -> throw new IllegalStateException(line);
			case ':' -> Long.parseLong(line);
			case '$' -> readBulkString(in, Integer.parseInt(line));
			case '*' -> readArray(in, Integer.parseInt(line));
			default -> throw new IOException("Unsupported RESP reply type '" + (char) type + "'");
		};
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		int current;
		while ((current = in.read()) != -1) {
			if (previous == '\r' && current == '\n') {
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
			}
			line.write(current);
			previous = current;
		}
		throw new EOFException("Connection closed by Redis within a reply");
	}

	private static @Nullable String readBulkString(InputStream in, int length) throws IOException {
		if (length < 0) {
			return null;
		}
		byte[] bytes = in.readNBytes(length);
		if (bytes.length != length || in.readNBytes(CRLF.length).length != CRLF.length) {
			throw new EOFException("Connection closed by Redis within a bulk string");
		}
		return new String(bytes, StandardCharsets.UTF_8);
	}

	private static @Nullable List<@Nullable Object> readArray(InputStream in, int size) throws IOException {
		if (size < 0) {
			return null;
		}
		List<@Nullable Object> elements = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			elements.add(read(in));
		}
		return Collections.unmodifiableList(elements);
	}

}
