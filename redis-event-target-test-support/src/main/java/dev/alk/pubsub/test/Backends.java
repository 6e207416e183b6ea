package dev.alk.pubsub.test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import dev.alk.pubsub.test.LocalRedis.Backend;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the {@link Backend} of a {@link LocalRedis} and creates its
 * {@link ServerLauncher}.
 */
final class Backends {

	/**
	 * System property that forces the backend chosen automatically: {@code local},
	 * {@code docker} or {@code embedded}.
	 */
	static final String BACKEND_PROPERTY = "redis.test.backend";

	private static final String DOCKER_CLIENT_FACTORY = "org.testcontainers.DockerClientFactory";

	private static final Log logger = LogFactory.getLog(Backends.class);

	private Backends() {
	}

	/**
	 * Return the requested backend or, when none is requested, the one forced by
	 * {@value #BACKEND_PROPERTY}, else the first available of a local executable, Docker
	 * and the executable bundled with embedded-redis.
	 * @param requested the backend requested in code, if any
	 * @return the backend to use
	 */
	static Backend select(@Nullable Backend requested) {
		if (requested != null) {
			return requested;
		}
		String forced = System.getProperty(BACKEND_PROPERTY);
		if (forced != null && !forced.isBlank()) {
			return parse(forced);
		}
		if (RedisExecutables.findLocal().isPresent()) {
			return Backend.LOCAL_BINARY;
		}
		return isDockerAvailable() ? Backend.DOCKER : Backend.EMBEDDED_BINARY;
	}

	/**
	 * Create the launcher of a backend.
	 * @param backend the backend
	 * @return the launcher
	 * @throws IllegalStateException if the backend is not available
	 */
	static ServerLauncher launcher(Backend backend) {
		return switch (backend) {
			case LOCAL_BINARY -> processLauncher(RedisExecutables.local());
			case EMBEDDED_BINARY -> processLauncher(RedisExecutables.embedded());
			case DOCKER -> dockerLauncher();
		};
	}

	private static ServerLauncher processLauncher(Path executable) {
		return (port, args, workDir) -> ProcessServer.start(executable, workDir, port, args);
	}

	private static ServerLauncher dockerLauncher() {
		if (!isDockerAvailable()) {
			throw new IllegalStateException(
					"Docker backend requires Testcontainers on the classpath and a Docker daemon");
		}
		return (port, args, workDir) -> DockerServer.start(port, args);
	}

	private static Backend parse(String value) {
		return switch (value.trim().toLowerCase(Locale.ROOT)) {
			case "local" -> Backend.LOCAL_BINARY;
			case "docker" -> Backend.DOCKER;
			case "embedded" -> Backend.EMBEDDED_BINARY;
			default -> throw new IllegalArgumentException("System property '" + BACKEND_PROPERTY + "' is '" + value
					+ "', expected one of " + Arrays.asList("local", "docker", "embedded"));
		};
	}

	private static boolean isDockerAvailable() {
		if (!isPresent(DOCKER_CLIENT_FACTORY)) {
			if (logger.isDebugEnabled()) {
				logger.debug("Testcontainers is not on the classpath, not using Docker");
			}
			return false;
		}
		return DockerServer.isDockerAvailable();
	}

	private static boolean isPresent(String className) {
		try {
			Class.forName(className, false, Backends.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

}
