package dev.alk.pubsub.test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import redis.embedded.core.ExecutableProvider;

/**
 * Locates {@code redis-server} executables: one installed locally, or the one bundled
 * with embedded-redis.
 */
final class RedisExecutables {

	/**
	 * System property with the path of the {@code redis-server} executable to use instead
	 * of searching {@code PATH}.
	 */
	static final String BINARY_PROPERTY = "redis.server.binary";

	private static final String[] EXECUTABLE_NAMES = { "redis-server", "redis-server.exe" };

	private static @Nullable Path embedded;

	private RedisExecutables() {
	}

	/**
	 * Find a locally installed {@code redis-server}: the file named by the
	 * {@value #BINARY_PROPERTY} system property, else the first one on {@code PATH}.
	 * @return the executable, if any
	 * @throws IllegalStateException if the system property names a file that is not
	 * executable
	 */
	static Optional<Path> findLocal() {
		String configured = System.getProperty(BINARY_PROPERTY);
		if (configured == null || configured.isBlank()) {
			return findOnPath(EXECUTABLE_NAMES);
		}
		Path path = Path.of(configured);
		if (!isExecutableFile(path)) {
			throw new IllegalStateException(
					"Redis executable '" + path + "' from system property '" + BINARY_PROPERTY + "' is not executable");
		}
		return Optional.of(path);
	}

	/**
	 * Return the locally installed {@code redis-server}.
	 * @return the executable
	 * @throws IllegalStateException if there is none
	 */
	static Path local() {
		return findLocal().orElseThrow(() -> new IllegalStateException(
				"No 'redis-server' on PATH and system property '" + BINARY_PROPERTY + "' is not set"));
	}

	/**
	 * Return the {@code redis-server} bundled with embedded-redis for this operating
	 * system and architecture, extracting it to a temporary directory on first use.
	 * @return the executable
	 * @throws IllegalStateException if there is no bundled executable for this platform
	 * or it cannot be extracted
	 */
	static synchronized Path embedded() {
		if (embedded == null) {
			embedded = extractEmbedded();
		}
		return embedded;
	}

	private static Path extractEmbedded() {
		try {
			return ExecutableProvider.newJarResourceProvider().get().toPath();
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("Failed to extract the 'redis-server' bundled with embedded-redis", ex);
		}
	}

	private static Optional<Path> findOnPath(String[] names) {
		String path = Objects.requireNonNullElse(System.getenv("PATH"), "");
		return Arrays.stream(path.split(File.pathSeparator))
			.filter((directory) -> !directory.isBlank())
			.flatMap((directory) -> findIn(Path.of(directory), names).stream())
			.findFirst();
	}

	private static Optional<Path> findIn(Path directory, String[] names) {
		return Arrays.stream(names).map(directory::resolve).filter(RedisExecutables::isExecutableFile).findFirst();
	}

	private static boolean isExecutableFile(Path path) {
		return Files.isRegularFile(path) && Files.isExecutable(path);
	}

}
