package dev.alk.pubsub.redis;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Expires futures that are not complete when their time is up. Every future registered
 * with one instance has the same timeout, so the queue is in deadline order and each
 * {@link #sweep(long) sweep} only looks at its head: registering costs one lock-free
 * offer, with no timer task per future. Thread-safe.
 */
final class Deadlines {

	private final long timeoutNanos;

	private final Queue<Entry> entries = new ConcurrentLinkedQueue<>();

	Deadlines(Duration timeout) {
		this.timeoutNanos = timeout.toNanos();
	}

	/**
	 * Run the given action unless the future completes within the timeout.
	 * @param future the future to watch
	 * @param expire what to do when the time is up
	 */
	void watch(CompletableFuture<?> future, Runnable expire) {
		this.entries.add(new Entry(System.nanoTime() + this.timeoutNanos, future, expire));
	}

	/**
	 * Expire the futures whose time is up and forget the completed ones at the head.
	 * @param now the current {@link System#nanoTime() time}
	 */
	void sweep(long now) {
		Entry entry;
		while ((entry = this.entries.peek()) != null) {
			if (!entry.future.isDone() && now - entry.deadline < 0) {
				return;
			}
			this.entries.poll();
			if (!entry.future.isDone()) {
				entry.expire.run();
			}
		}
	}

	/**
	 * Expire every watched future that is not complete yet.
	 */
	void expireAll() {
		Entry entry;
		while ((entry = this.entries.poll()) != null) {
			if (!entry.future.isDone()) {
				entry.expire.run();
			}
		}
	}

	private record Entry(long deadline, CompletableFuture<?> future, Runnable expire) {
	}

}
