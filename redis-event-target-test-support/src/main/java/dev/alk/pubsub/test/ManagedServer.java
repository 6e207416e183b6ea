package dev.alk.pubsub.test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.alk.pubsub.test.LocalRedis.Backend;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Lifecycle of the successive servers of one {@link LocalRedis}: each started on the same
 * port with the same arguments, awaited until it answers {@code PING}, and stopped or
 * killed.
 * <p>
 * Not thread-safe, except for {@link #isRunning()}.
 */
final class ManagedServer {

	private static final Log logger = LogFactory.getLog(ManagedServer.class);

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

	private final Backend backend;

	private final ServerLauncher launcher;

	private final int port;

	private final List<String> args;

	private final Path workDir;

	private final RespClient client;

	private volatile @Nullable RunningServer server;

	ManagedServer(Backend backend, ServerLauncher launcher, int port, List<String> args, Path workDir,
			RespClient client) {
		this.backend = backend;
		this.launcher = launcher;
		this.port = port;
		this.args = args;
		this.workDir = workDir;
		this.client = client;
	}

	/**
	 * Start a server and wait until it answers {@code PING}.
	 * @throws IllegalStateException if the server exits or does not answer in time
	 */
	void launch() {
		RunningServer started = this.launcher.launch(this.port, this.args, this.workDir);
		this.server = started;
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (!answersPing()) {
			if (!started.isAlive() || System.nanoTime() - deadline > 0) {
				failStart(started);
			}
			pause();
		}
	}

	private boolean answersPing() {
		try {
			return "PONG".equals(this.client.execute("PING"));
		}
		catch (IOException | IllegalStateException ex) {
			return false;
		}
	}

	private void failStart(RunningServer started) {
		String problem = started.isAlive() ? "did not answer PING within " + STARTUP_TIMEOUT.toSeconds() + " seconds"
				: "exited before answering PING";
		String diagnostics = started.diagnostics();
		this.server = null;
		started.kill();
		throw new IllegalStateException("Redis with backend '" + this.backend + "' on port '" + this.port + "' "
				+ problem + ". " + diagnostics);
	}

	private static void pause() {
		try {
			Thread.sleep(POLL_INTERVAL.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for Redis to start", ex);
		}
	}

	boolean isRunning() {
		RunningServer server = this.server;
		return server != null && server.isAlive();
	}

	/**
	 * Shut the server down with {@code SHUTDOWN NOSAVE} and wait until it has exited,
	 * killing it when it refuses or does not exit in time.
	 */
	void stop() {
		RunningServer server = this.server;
		if (server == null) {
			return;
		}
		this.server = null;
		if (!server.isAlive() || requestShutdown()) {
			server.awaitExit();
		}
		else {
			server.kill();
		}
	}

	private boolean requestShutdown() {
		try {
			this.client.execute("SHUTDOWN", "NOSAVE");
			return true;
		}
		catch (IOException ex) {
			// Redis closes the connection instead of replying when it shuts down
			return true;
		}
		catch (IllegalStateException ex) {
			logger.warn("Redis on port '" + this.port + "' refused to shut down, killing it: " + ex.getMessage());
			return false;
		}
	}

	/**
	 * Kill the server and wait until it has exited.
	 */
	void kill() {
		RunningServer server = this.server;
		if (server != null) {
			this.server = null;
			server.kill();
		}
	}

}
