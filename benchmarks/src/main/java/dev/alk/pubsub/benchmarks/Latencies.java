package dev.alk.pubsub.benchmarks;

import java.util.Arrays;

/**
 * Latency samples of one run, in nanoseconds. Thread-safe.
 */
final class Latencies {

	private long[] samples = new long[1024];

	private int count;

	synchronized void add(long nanos) {
		if (this.count == this.samples.length) {
			this.samples = Arrays.copyOf(this.samples, this.count * 2);
		}
		this.samples[this.count++] = nanos;
	}

	synchronized int count() {
		return this.count;
	}

	/**
	 * Return a percentile in milliseconds.
	 * @param percentile the percentile, between 0 and 100
	 * @return the latency in milliseconds, or {@code NaN} without samples
	 */
	synchronized double millis(double percentile) {
		if (this.count == 0) {
			return Double.NaN;
		}
		long[] sorted = Arrays.copyOf(this.samples, this.count);
		Arrays.sort(sorted);
		int index = (int) Math.ceil(percentile / 100 * this.count) - 1;
		return sorted[Math.max(0, Math.min(this.count - 1, index))] / 1e6;
	}

}
