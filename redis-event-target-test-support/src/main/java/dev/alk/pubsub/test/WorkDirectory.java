package dev.alk.pubsub.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Temporary working directory of the servers of one {@link LocalRedis}, which holds their
 * log file.
 */
final class WorkDirectory {

	private static final Log logger = LogFactory.getLog(WorkDirectory.class);

	private WorkDirectory() {
	}

	/**
	 * Create a new temporary working directory.
	 * @return the directory
	 */
	static Path create() {
		try {
			return Files.createTempDirectory("local-redis-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to create a working directory for Redis", ex);
		}
	}

	/**
	 * Delete a working directory and its files, logging rather than failing when that is
	 * not possible.
	 * @param directory the directory
	 */
	static void delete(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			logger.debug("Failed to delete working directory '" + directory + "'", ex);
		}
	}

}
