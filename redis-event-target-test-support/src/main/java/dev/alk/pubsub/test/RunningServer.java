package dev.alk.pubsub.test;

/**
 * One started Redis server, whatever runs it, as controlled by {@link LocalRedis}.
 */
interface RunningServer {

	/**
	 * Return whether the server is still running.
	 * @return whether the server is running
	 */
	boolean isAlive();

	/**
	 * Wait, bounded, for the server to exit after it was asked to shut down, forcing it
	 * when it does not exit in time, and release what it holds.
	 */
	void awaitExit();

	/**
	 * Kill the server without giving it a chance to shut down, and wait, bounded, for it
	 * to be gone.
	 */
	void kill();

	/**
	 * Describe where the server output is and how it ends, to explain a failed start.
	 * @return a description of the server output
	 */
	String diagnostics();

}
