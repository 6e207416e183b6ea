package dev.alk.pubsub.test;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Real Redis server listening on a free loopback port, started for a test and controlled
 * by it: stopped, killed and restarted on the same port.
 * <p>
 * {@link #start()} chooses the {@linkplain Backend backend}: the value of the
 * {@code redis.test.backend} system property ({@code local}, {@code docker} or
 * {@code embedded}) when set, else a {@code redis-server} executable named by the
 * {@code redis.server.binary} system property or found on {@code PATH}, else a
 * {@code redis:7-alpine} container when Testcontainers is on the classpath and Docker is
 * available, else the executable bundled with embedded-redis. Servers run without
 * persistence, so a restarted server starts empty.
 * <p>
 * A {@code LocalRedis} is started when returned. {@link #stop()}, {@link #kill()} and
 * {@link #restart()} may be called in any order until {@link #close()}, after which it
 * cannot be restarted. Every wait is bounded: a server has 10 seconds to answer
 * {@code PING} after a start and to exit after a stop or kill. Server processes still
 * running when the JVM exits are killed.
 * <p>
 * Instances are not thread-safe, except for {@link #isRunning()}, and for
 * {@link #command(String...)} and {@link #commandReply(String...)}, which open a
 * connection per call: these may be called from any thread.
 *
 * @since 0.1.0
 */
public final class LocalRedis implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(LocalRedis.class);

	private final Backend backend;

	private final Path workDir;

	private final int port;

	private final RespClient client;

	private final ManagedServer server;

	private boolean closed;

	private LocalRedis(Backend backend, ServerLauncher launcher, int port, List<String> args,
			@Nullable String password) {
		this.backend = backend;
		this.workDir = WorkDirectory.create();
		this.port = port;
		this.client = new RespClient(Loopback.HOST, port, password);
		this.server = new ManagedServer(backend, launcher, port, args, this.workDir, this.client);
	}

	/**
	 * Start a Redis server with the backend chosen automatically.
	 * @return the started server
	 * @throws IllegalStateException if the server does not answer in time
	 */
	public static LocalRedis start() {
		return builder().start();
	}

	/**
	 * Return a builder to choose the backend or arguments of a server before starting it.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return the backend running this server.
	 * @return the backend
	 */
	public Backend backend() {
		return this.backend;
	}

	/**
	 * Return the host the server listens on, always {@code 127.0.0.1}.
	 * @return the host
	 */
	public String host() {
		return Loopback.HOST;
	}

	/**
	 * Return the port the server listens on, which a restart keeps.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return the URI of the server, {@code redis://127.0.0.1:<port>}.
	 * @return the URI
	 */
	public String uri() {
		return "redis://" + Loopback.HOST + ":" + this.port;
	}

	/**
	 * Return whether the server is running, turning {@code false} once it exits, even on
	 * its own.
	 * @return whether the server is running
	 */
	public boolean isRunning() {
		return this.server.isRunning();
	}

	/**
	 * Shut the server down with {@code SHUTDOWN NOSAVE} and wait until it has exited,
	 * killing it if it refuses or does not exit in time. Does nothing when stopped.
	 */
	public void stop() {
		this.server.stop();
	}

	/**
	 * Kill the server without letting it shut down, as a crash would, and wait until it
	 * has exited. Does nothing when already stopped.
	 */
	public void kill() {
		this.server.kill();
	}

	/**
	 * Start the server again on the same port with the same arguments, stopping it first
	 * if it is running, and wait until it answers {@code PING}.
	 * @throws IllegalStateException if this instance is closed or the server does not
	 * answer in time
	 */
	public void restart() {
		if (this.closed) {
			throw new IllegalStateException("LocalRedis on port '" + this.port + "' is closed");
		}
		this.server.stop();
		this.server.launch();
	}

	/**
	 * Send one command and return its reply as text: strings as they are, integers in
	 * decimal, arrays as {@code [a, b]} and nil replies as {@code null}.
	 * @param args the command and its arguments, such as {@code "GET", "key"}
	 * @return the reply as text
	 * @throws IllegalStateException if Redis replies with an error, whose text is the
	 * exception message
	 * @throws UncheckedIOException if the server cannot be reached
	 */
	public String command(String... args) {
		return String.valueOf(this.client.send(args));
	}

	/**
	 * Send one command that replies with an array and return its elements: a
	 * {@link String} for a string, a {@link Long} for an integer, a {@link List} for a
	 * nested array and {@code null} for a nil. For example {@code PUBSUB NUMSUB events}
	 * returns {@code ["events", 1L]}.
	 * @param args the command and its arguments
	 * @return the unmodifiable elements of the reply
	 * @throws IllegalStateException if Redis replies with an error, or with something
	 * other than an array
	 * @throws UncheckedIOException if the server cannot be reached
	 */
	public List<@Nullable Object> commandReply(String... args) {
		Object reply = this.client.send(args);
		if (!(reply instanceof List<?> elements)) {
			throw new IllegalStateException("Expected an array reply to '" + args[0] + "' but got '" + reply + "'");
		}
		return Collections.unmodifiableList(new ArrayList<@Nullable Object>(elements));
	}

	/**
	 * Stop the server if it is running and delete its working directory. Calling it again
	 * has no effect.
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			stop();
		}
		finally {
			WorkDirectory.delete(this.workDir);
		}
	}

	/**
	 * Backend that runs a {@link LocalRedis} server.
	 *
	 * @since 0.1.0
	 */
	public enum Backend {

		/**
		 * {@code redis-server} installed on this machine.
		 */
		LOCAL_BINARY,

		/**
		 * {@code redis:7-alpine} container run with Testcontainers.
		 */
		DOCKER,

		/**
		 * {@code redis-server} bundled with embedded-redis for this platform.
		 */
		EMBEDDED_BINARY

	}

	/**
	 * Builder for a {@link LocalRedis} with a chosen backend or server arguments.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder {

		private @Nullable Backend backend;

		private final List<String> args = new ArrayList<>();

		private @Nullable String password;

		private Builder() {
		}

		/**
		 * Use the given backend instead of choosing one automatically.
		 * @param backend the backend
		 * @return this builder
		 */
		public Builder backend(Backend backend) {
			this.backend = backend;
			return this;
		}

		/**
		 * Add {@code redis-server} arguments, for example {@code "--maxmemory", "1mb"}.
		 * @param args the arguments
		 * @return this builder
		 */
		public Builder args(String... args) {
			this.args.addAll(Arrays.asList(args));
			return this;
		}

		/**
		 * Require clients to authenticate with the given password. Unlike
		 * {@code args("--requirepass", password)}, this also makes
		 * {@link LocalRedis#command(String...)} authenticate.
		 * @param password the password
		 * @return this builder
		 */
		public Builder password(String password) {
			this.password = password;
			return this;
		}

		/**
		 * Start the server on a free loopback port and wait until it answers
		 * {@code PING}.
		 * @return the started server
		 * @throws IllegalStateException if the backend is not available or the server
		 * does not answer in time
		 */
		public LocalRedis start() {
			Backend selected = Backends.select(this.backend);
			LocalRedis redis = new LocalRedis(selected, Backends.launcher(selected), Loopback.findFreePort(),
					serverArgs(), this.password);
			redis.server.launch();
			logger.info("Started Redis with backend '" + selected + "' on port '" + redis.port() + "'");
			return redis;
		}

		private List<String> serverArgs() {
			List<String> serverArgs = new ArrayList<>(this.args);
			serverArgs.addAll((this.password != null) ? List.of("--requirepass", this.password) : List.of());
			return List.copyOf(serverArgs);
		}

	}

}
