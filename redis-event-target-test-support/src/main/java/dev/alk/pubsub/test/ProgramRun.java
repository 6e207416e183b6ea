package dev.alk.pubsub.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Run of a short-lived program, such as {@code redis-server --version}, to completion,
 * with its output in a file and a bounded wait.
 */
final class ProgramRun {

	private ProgramRun() {
	}

	/**
	 * Run a program and return its output.
	 * @param command the program and its arguments
	 * @param outputFile the file that receives its standard output and error
	 * @param timeout how long the program has to exit
	 * @return the output
	 * @throws IllegalStateException if the program does not exit in time or exits with a
	 * status other than zero, with its output in the message
	 */
	static String run(List<String> command, Path outputFile, Duration timeout) {
		Process process = start(command, outputFile);
		if (!waitFor(process, timeout)) {
			process.destroyForcibly();
			throw new IllegalStateException("'" + command.get(0) + "' did not exit within " + timeout.toSeconds()
					+ " seconds, its output was:" + System.lineSeparator() + read(outputFile));
		}
		String output = read(outputFile);
		if (process.exitValue() != 0) {
			throw new IllegalStateException("'" + String.join(" ", command) + "' exited with status '"
					+ process.exitValue() + "', its output was:" + System.lineSeparator() + output);
		}
		return output;
	}

	private static Process start(List<String> command, Path outputFile) {
		try {
			return ProcessServer.track(
					new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(outputFile.toFile()).start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to run '" + command.get(0) + "'", ex);
		}
	}

	private static boolean waitFor(Process process, Duration timeout) {
		try {
			return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
			throw new IllegalStateException("Interrupted while waiting for process '" + process.pid() + "'", ex);
		}
	}

	private static String read(Path outputFile) {
		try {
			return Files.readString(outputFile, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(unreadable: " + ex.getMessage() + ")";
		}
	}

}
