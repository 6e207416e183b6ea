package dev.alk.pubsub.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs work on daemon threads and waits for it a bounded time, so a contender that blocks
 * its callers forever cannot hang the benchmark.
 */
final class Workers {

	private Workers() {
	}

	/**
	 * Work that may throw.
	 */
	@FunctionalInterface
	interface Work {

		void run() throws Exception;

	}

	/**
	 * Run the work on the given number of threads.
	 * @param threads the number of threads
	 * @param work the work of each thread
	 * @param limit the longest time to wait for all threads
	 * @return whether every thread finished in time
	 */
	static boolean run(int threads, Work work, Duration limit) throws InterruptedException {
		CountDownLatch done = new CountDownLatch(threads);
		List<Thread> started = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			Thread thread = new Thread(() -> {
				try {
					work.run();
				}
				catch (Exception ex) {
					// the work records its own failures
				}
				finally {
					done.countDown();
				}
			}, "benchmark-worker-" + i);
			thread.setDaemon(true);
			thread.start();
			started.add(thread);
		}
		boolean finished = done.await(limit.toMillis(), TimeUnit.MILLISECONDS);
		if (!finished) {
			started.forEach(Thread::interrupt);
		}
		return finished;
	}

}
