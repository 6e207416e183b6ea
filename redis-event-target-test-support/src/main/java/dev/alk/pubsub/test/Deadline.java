package dev.alk.pubsub.test;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Point in time by which the nodes of a local Redis topology must reach a state, polled
 * for until then.
 * <p>
 * A condition that fails to reach a node or gets an error reply counts as not met yet.
 * Not thread-safe.
 */
final class Deadline {

	private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

	private final Duration timeout;

	private final long deadlineNanos;

	private Deadline(Duration timeout) {
		this.timeout = timeout;
		this.deadlineNanos = System.nanoTime() + timeout.toNanos();
	}

	/**
	 * Return a deadline the given time from now.
	 * @param timeout the time from now
	 * @return the deadline
	 */
	static Deadline after(Duration timeout) {
		return new Deadline(timeout);
	}

	/**
	 * Poll a condition until it is met.
	 * @param state the state awaited, for the failure message
	 * @param condition the condition
	 * @param diagnostics what to add to the failure message
	 * @throws IllegalStateException if the condition is not met by this deadline
	 */
	void await(String state, BooleanSupplier condition, Supplier<String> diagnostics) {
		while (!isMet(condition)) {
			if (System.nanoTime() - this.deadlineNanos > 0) {
				throw new IllegalStateException("Timed out after " + this.timeout.toSeconds() + " seconds waiting for "
						+ state + ". " + diagnostics.get());
			}
			pause();
		}
	}

	/**
	 * Poll nodes until each of them meets a condition.
	 * @param state the state awaited, for the failure message
	 * @param nodes the nodes
	 * @param condition the condition
	 * @throws IllegalStateException if a node does not meet the condition by this
	 * deadline, with the end of the log of every such node in the message
	 */
	void awaitEach(String state, List<RedisNode> nodes, Predicate<RedisNode> condition) {
		await(state, () -> nodes.stream().allMatch(condition),
				() -> nodes.stream()
					.filter((node) -> !isMet(() -> condition.test(node)))
					.map(RedisNode::diagnostics)
					.collect(Collectors.joining(System.lineSeparator())));
	}

	private static boolean isMet(BooleanSupplier condition) {
		try {
			return condition.getAsBoolean();
		}
		catch (UncheckedIOException | IllegalStateException ex) {
			return false;
		}
	}

	private static void pause() {
		try {
			Thread.sleep(POLL_INTERVAL.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for Redis", ex);
		}
	}

}
