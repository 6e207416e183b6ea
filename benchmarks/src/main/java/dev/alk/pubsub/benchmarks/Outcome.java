package dev.alk.pubsub.benchmarks;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * What went wrong in one run: lost messages, errors by exception type, a stall.
 * Thread-safe.
 */
final class Outcome {

	final AtomicLong lost = new AtomicLong();

	final AtomicLong errors = new AtomicLong();

	private final Map<String, Integer> errorTypes = new TreeMap<>();

	private volatile boolean stalled;

	private volatile long missing;

	synchronized void error(Throwable error) {
		this.errors.incrementAndGet();
		Throwable cause = (error.getCause() != null && error instanceof java.util.concurrent.ExecutionException)
				? error.getCause() : error;
		this.errorTypes.merge(cause.getClass().getSimpleName(), 1, Integer::sum);
	}

	void stalledIf(boolean stalled) {
		this.stalled |= stalled;
	}

	void missing(long missing) {
		this.missing = Math.max(0, missing);
	}

	synchronized String note() {
		StringBuilder note = new StringBuilder();
		if (this.stalled) {
			note.append("stopped working (callers still blocked 10 s after the run); ");
		}
		if (!this.errorTypes.isEmpty()) {
			note.append("threw ")
				.append(this.errorTypes.entrySet()
					.stream()
					.map((entry) -> entry.getKey() + " ×" + entry.getValue())
					.collect(Collectors.joining(", ")))
				.append("; ");
		}
		if (this.lost.get() > 0) {
			note.append(this.lost.get()).append(" replies lost; ");
		}
		if (this.missing > 0) {
			note.append(this.missing).append(" messages not delivered within 5 s; ");
		}
		return note.toString().replaceAll("; $", "");
	}

}
