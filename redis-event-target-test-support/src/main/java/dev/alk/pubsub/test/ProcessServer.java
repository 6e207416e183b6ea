package dev.alk.pubsub.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * {@link RunningServer} that is a {@code redis-server} process started from an executable
 * file, with its output appended to {@value #LOG_FILE_NAME} in its working directory.
 * <p>
 * Every process started here or {@linkplain #track(Process) tracked} that is still
 * running when the JVM exits is killed by a shutdown hook.
 */
final class ProcessServer implements RunningServer {

	static final String LOG_FILE_NAME = "redis-server.log";

	private static final Log logger = LogFactory.getLog(ProcessServer.class);

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);

	private static final int LOG_TAIL_LINES = 20;

	private static final Set<Process> runningProcesses = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(ProcessServer::killRunningProcesses, "local-redis-shutdown"));
	}

	private final Process process;

	private final Path logFile;

	private ProcessServer(Process process, Path logFile) {
		this.process = process;
		this.logFile = logFile;
	}

	/**
	 * Start {@code redis-server} on a loopback port.
	 * @param executable the {@code redis-server} executable
	 * @param workDir the working directory, which also receives the log file
	 * @param port the loopback port to listen on
	 * @param args additional {@code redis-server} arguments
	 * @return the started server
	 */
	static ProcessServer start(Path executable, Path workDir, int port, List<String> args) {
		return start(executable, null, workDir, port, args);
	}

	/**
	 * Start {@code redis-server} on a loopback port, reading a configuration file first
	 * when one is given, as Sentinel requires.
	 * @param executable the {@code redis-server} executable
	 * @param configFile the configuration file, which the server may rewrite, if any
	 * @param workDir the working directory, which also receives the log file
	 * @param port the loopback port to listen on
	 * @param args additional {@code redis-server} arguments
	 * @return the started server
	 */
	static ProcessServer start(Path executable, @Nullable Path configFile, Path workDir, int port, List<String> args) {
		Path logFile = workDir.resolve(LOG_FILE_NAME);
		ProcessBuilder builder = new ProcessBuilder(command(executable, configFile, port, args))
			.directory(workDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(Redirect.appendTo(logFile.toFile()));
		try {
			return new ProcessServer(track(builder.start()), logFile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to run '" + executable + "', see '" + logFile + "'", ex);
		}
	}

	/**
	 * Have the shutdown hook kill a process that is still running when the JVM exits.
	 * @param process the process
	 * @return the process
	 */
	static Process track(Process process) {
		runningProcesses.add(process);
		process.onExit().thenRun(() -> runningProcesses.remove(process));
		return process;
	}

	private static List<String> command(Path executable, @Nullable Path configFile, int port, List<String> args) {
		List<String> command = new ArrayList<>(List.of(executable.toString()));
		if (configFile != null) {
			command.add(configFile.toString());
		}
		command.addAll(List.of("--port", String.valueOf(port), "--bind", Loopback.HOST, "--save", "", "--appendonly",
				"no", "--protected-mode", "yes", "--daemonize", "no"));
		command.addAll(args);
		return command;
	}

	@Override
	public boolean isAlive() {
		return this.process.isAlive();
	}

	@Override
	public void awaitExit() {
		if (!waitForExit()) {
			logger.warn("Redis process '" + this.process.pid() + "' did not shut down within " + EXIT_TIMEOUT
					+ ", killing it");
			kill();
		}
	}

	@Override
	public void kill() {
		this.process.destroyForcibly();
		if (!waitForExit()) {
			throw new IllegalStateException("Redis process '" + this.process.pid() + "' did not exit within "
					+ EXIT_TIMEOUT + " of being killed");
		}
	}

	private boolean waitForExit() {
		try {
			return this.process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for Redis process '" + this.process.pid() + "'",
					ex);
		}
	}

	@Override
	public String diagnostics() {
		return "Redis process '" + this.process.pid() + "' logs to '" + this.logFile + "', which ends with:"
				+ System.lineSeparator() + logTail(this.logFile);
	}

	/**
	 * Return the last lines of a server log file, or why it cannot be read.
	 * @param logFile the log file
	 * @return the last lines
	 */
	static String logTail(Path logFile) {
		try {
			List<String> lines = new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).lines().toList();
			return String.join(System.lineSeparator(),
					lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
		}
		catch (IOException ex) {
			return "(unreadable: " + ex.getMessage() + ")";
		}
	}

	private static void killRunningProcesses() {
		runningProcesses.forEach(Process::destroyForcibly);
	}

}
