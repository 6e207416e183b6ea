package dev.alk.pubsub.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Locally installed {@code redis-server} that local Redis topologies run, which must be
 * version 7 or later for the cluster bus port option and the Sentinel and cluster
 * commands they rely on.
 * <p>
 * The version of each executable is read once. Thread-safe.
 */
final class TopologyExecutables {

	private static final int MINIMUM_MAJOR_VERSION = 7;

	private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(10);

	private static final Pattern VERSION = Pattern.compile("(\\d+)\\.\\d+\\.\\d+");

	private static final Map<Path, String> versionOutputs = new ConcurrentHashMap<>();

	private TopologyExecutables() {
	}

	/**
	 * Return why {@link #server()} fails, if it does.
	 * @return the reason, or empty when {@code redis-server} is usable
	 */
	static Optional<String> serverProblem() {
		return problem(TopologyExecutables::server);
	}

	/**
	 * Return the locally installed {@code redis-server}.
	 * @return the executable
	 * @throws IllegalStateException if there is none or it is older than version 7
	 */
	static Path server() {
		return requireVersion(RedisExecutables.local());
	}

	private static Optional<String> problem(Runnable check) {
		try {
			check.run();
			return Optional.empty();
		}
		catch (IllegalStateException | UncheckedIOException ex) {
			return Optional.of(ex.getMessage());
		}
	}

	private static Path requireVersion(Path executable) {
		String output = versionOutputs.computeIfAbsent(executable, TopologyExecutables::readVersionOutput);
		Matcher version = VERSION.matcher(output);
		if (!version.find()) {
			throw new IllegalStateException(
					"Failed to read the version of '" + executable + "' from '" + output.strip() + "'");
		}
		if (Integer.parseInt(version.group(1)) < MINIMUM_MAJOR_VERSION) {
			throw new IllegalStateException("'" + executable + "' is version '" + version.group()
					+ "' but local Redis topologies need version " + MINIMUM_MAJOR_VERSION + " or later");
		}
		return executable;
	}

	private static String readVersionOutput(Path executable) {
		try {
			Path outputFile = Files.createTempFile("redis-version-", ".txt");
			try {
				return ProgramRun.run(List.of(executable.toString(), "--version"), outputFile, VERSION_TIMEOUT);
			}
			finally {
				Files.deleteIfExists(outputFile);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to read the version of '" + executable + "'", ex);
		}
	}

}
