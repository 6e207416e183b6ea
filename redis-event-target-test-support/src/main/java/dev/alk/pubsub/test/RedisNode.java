package dev.alk.pubsub.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.alk.pubsub.test.LocalRedis.Backend;
import org.jspecify.annotations.Nullable;

/**
 * One {@code redis-server} process of a local Redis topology, on its own loopback port
 * and in its own working directory, which holds its log and any configuration file.
 * <p>
 * Commands open a connection per call and may be sent from any thread. Killing and
 * closing must not run concurrently.
 */
final class RedisNode {

	static final String CONFIG_FILE_NAME = "redis.conf";

	private final int port;

	private final Path workDir;

	private final RespClient client;

	private final ManagedServer server;

	private RedisNode(int port, Path workDir, ServerLauncher launcher, List<String> args) {
		this.port = port;
		this.workDir = workDir;
		this.client = new RespClient(Loopback.HOST, port, null);
		this.server = new ManagedServer(Backend.LOCAL_BINARY, launcher, port, args, workDir, this.client);
	}

	/**
	 * Start {@code redis-server} and wait until it answers {@code PING}.
	 * @param executable the {@code redis-server} executable
	 * @param port the loopback port to listen on
	 * @param args additional {@code redis-server} arguments
	 * @return the started node
	 * @throws IllegalStateException if the server does not answer in time
	 */
	static RedisNode start(Path executable, int port, List<String> args) {
		return start(port, args,
				(serverPort, serverArgs, dir) -> ProcessServer.start(executable, dir, serverPort, serverArgs));
	}

	/**
	 * Start {@code redis-server} with a configuration file that it may rewrite, as
	 * Sentinel requires, and wait until it answers {@code PING}.
	 * @param executable the {@code redis-server} executable
	 * @param port the loopback port to listen on
	 * @param config the content of the configuration file
	 * @param args additional {@code redis-server} arguments
	 * @return the started node
	 * @throws IllegalStateException if the server does not answer in time
	 */
	static RedisNode startWithConfig(Path executable, int port, String config, List<String> args) {
		return start(port, args, (serverPort, serverArgs, dir) -> ProcessServer.start(executable,
				writeConfig(dir, config), dir, serverPort, serverArgs));
	}

	private static RedisNode start(int port, List<String> args, ServerLauncher launcher) {
		RedisNode node = new RedisNode(port, WorkDirectory.create(), launcher, args);
		node.server.launch();
		return node;
	}

	private static Path writeConfig(Path workDir, String config) {
		try {
			return Files.writeString(workDir.resolve(CONFIG_FILE_NAME), config, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to write Redis configuration to '" + workDir + "'", ex);
		}
	}

	int port() {
		return this.port;
	}

	String address() {
		return Loopback.HOST + ":" + this.port;
	}

	boolean isRunning() {
		return this.server.isRunning();
	}

	/**
	 * Send one command and return its reply.
	 * @param args the command and its arguments
	 * @return the reply, as {@link RespClient} maps it
	 * @throws UncheckedIOException if the node cannot be reached
	 * @throws IllegalStateException if the node replies with an error
	 */
	@Nullable Object send(String... args) {
		return this.client.send(args);
	}

	/**
	 * Send one command that replies with an array.
	 * @param args the command and its arguments
	 * @return the elements of the reply
	 * @throws UncheckedIOException if the node cannot be reached
	 * @throws IllegalStateException if the node replies with an error or something other
	 * than an array
	 */
	List<?> sendForList(String... args) {
		Object reply = send(args);
		if (!(reply instanceof List<?> elements)) {
			throw new IllegalStateException("Expected an array reply to '" + args[0] + "' from port '" + this.port
					+ "' but got '" + reply + "'");
		}
		return elements;
	}

	/**
	 * Return whether a command that replies with {@code field:value} lines, such as
	 * {@code INFO} or {@code CLUSTER INFO}, includes the given line.
	 * @param line the line, such as {@code role:master}
	 * @param args the command and its arguments
	 * @return whether the reply includes the line
	 * @throws UncheckedIOException if the node cannot be reached
	 * @throws IllegalStateException if the node replies with an error
	 */
	boolean reports(String line, String... args) {
		return String.valueOf(send(args)).lines().anyMatch(line::equals);
	}

	/**
	 * Kill the server, as a crash would, and wait until it has exited.
	 */
	void kill() {
		this.server.kill();
	}

	/**
	 * Stop the server and delete its working directory.
	 */
	void close() {
		try {
			this.server.stop();
		}
		finally {
			WorkDirectory.delete(this.workDir);
		}
	}

	/**
	 * Describe where the node logs to and how its log ends.
	 * @return the description
	 */
	String diagnostics() {
		Path logFile = this.workDir.resolve(ProcessServer.LOG_FILE_NAME);
		return "Redis on port '" + this.port + "' logs to '" + logFile + "', which ends with:" + System.lineSeparator()
				+ ProcessServer.logTail(logFile);
	}

	/**
	 * Close every node, even when closing one of them fails.
	 * @param nodes the nodes
	 * @throws RuntimeException the first failure, with the others suppressed
	 */
	static void closeAll(List<RedisNode> nodes) {
		List<RuntimeException> failures = new ArrayList<>();
		for (RedisNode node : nodes) {
			try {
				node.close();
			}
			catch (RuntimeException ex) {
				failures.add(ex);
			}
		}
		if (!failures.isEmpty()) {
			RuntimeException first = failures.get(0);
			failures.subList(1, failures.size()).forEach(first::addSuppressed);
			throw first;
		}
	}

}
