package dev.alk.pubsub.benchmarks;

/**
 * One number measured for one contender in one round.
 *
 * @param row the row of the results table, such as "Churn, 16 workers: ops/s"
 * @param contender the contender's name
 * @param value the number
 * @param note what went wrong, or empty
 */
record Measurement(String row, String contender, double value, String note) {

	Measurement(String row, String contender, double value) {
		this(row, contender, value, "");
	}

}
