package dev.alk.pubsub.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * {@link RunningServer} that is a {@code redis:7-alpine} container whose Redis port is
 * published on a fixed loopback port of the host.
 * <p>
 * Only loaded when Testcontainers is on the classpath. A restart runs a new container
 * with the same port binding, so the host port does not change.
 */
final class DockerServer implements RunningServer {

	private static final DockerImageName IMAGE = DockerImageName.parse("redis:7-alpine");

	private static final int CONTAINER_PORT = 6379;

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

	private static final int LOG_TAIL_LINES = 20;

	private final GenericContainer<?> container;

	private DockerServer(GenericContainer<?> container) {
		this.container = container;
	}

	/**
	 * Return whether Testcontainers can reach a Docker daemon.
	 * @return whether Docker is available
	 */
	static boolean isDockerAvailable() {
		return DockerClientFactory.instance().isDockerAvailable();
	}

	/**
	 * Start a Redis container that publishes its port on a loopback port of the host.
	 * @param port the loopback port of the host to publish Redis on
	 * @param args additional {@code redis-server} arguments
	 * @return the started server
	 */
	static DockerServer start(int port, List<String> args) {
		GenericContainer<?> container = new GenericContainer<>(IMAGE).withCommand(command(args))
			.waitingFor(Wait.forLogMessage(".*Ready to accept connections.*\\n", 1))
			.withStartupTimeout(STARTUP_TIMEOUT);
		container.setPortBindings(List.of(Loopback.HOST + ":" + port + ":" + CONTAINER_PORT));
		container.start();
		return new DockerServer(container);
	}

	private static String[] command(List<String> args) {
		// Connections arrive through the Docker network, so the container listens on all
		// interfaces and the host binding keeps it on loopback.
		List<String> command = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(CONTAINER_PORT),
				"--bind", "0.0.0.0", "--save", "", "--appendonly", "no", "--protected-mode", "no"));
		command.addAll(args);
		return command.toArray(String[]::new);
	}

	@Override
	public boolean isAlive() {
		return this.container.isRunning();
	}

	@Override
	public void awaitExit() {
		this.container.stop();
	}

	@Override
	public void kill() {
		// Stopping a container kills it, then removes it
		this.container.stop();
	}

	@Override
	public String diagnostics() {
		return "Redis container '" + this.container.getContainerId() + "' logs end with:" + System.lineSeparator()
				+ logs();
	}

	private String logs() {
		try {
			List<String> lines = this.container.getLogs().lines().toList();
			return String.join(System.lineSeparator(),
					lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
		}
		catch (RuntimeException ex) {
			return "(unreadable: " + ex.getMessage() + ")";
		}
	}

}
