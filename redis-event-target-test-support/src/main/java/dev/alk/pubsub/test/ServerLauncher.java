package dev.alk.pubsub.test;

import java.nio.file.Path;
import java.util.List;

/**
 * Starts a Redis server of one backend on a given loopback port.
 */
@FunctionalInterface
interface ServerLauncher {

	/**
	 * Start a Redis server without waiting for it to answer.
	 * @param port the loopback port the server listens on
	 * @param args additional {@code redis-server} arguments
	 * @param workDir the working directory for server processes, which receives their log
	 * file
	 * @return the started server
	 */
	RunningServer launch(int port, List<String> args, Path workDir);

}
