package dev.alk.pubsub.benchmarks;

import java.util.Arrays;
import java.util.List;

import dev.alk.pubsub.benchmarks.ResultsTable.Ratio;

/**
 * The pub/sub modes and cluster shapes of the shard-scaling scenario, in table order.
 */
enum ClusterSetup {

	CLASSIC_ONE_MASTER("classic, 1 master", false, 1),

	SHARDED_ONE_MASTER("sharded, 1 master", true, 1),

	CLASSIC_THREE_MASTERS("classic, 3 masters", false, 3),

	SHARDED_THREE_MASTERS("sharded, 3 masters", true, 3);

	private final String title;

	private final boolean sharded;

	private final int masters;

	ClusterSetup(String title, boolean sharded, int masters) {
		this.title = title;
		this.sharded = sharded;
		this.masters = masters;
	}

	String title() {
		return this.title;
	}

	boolean sharded() {
		return this.sharded;
	}

	int masters() {
		return this.masters;
	}

	/**
	 * Return the table of the shard-scaling scenario: sharded against classic mode on
	 * each shape, and three masters against one in each mode.
	 * @param measurements the measurements of every round
	 * @return the table
	 */
	static ResultsTable table(List<Measurement> measurements) {
		List<String> columns = Arrays.stream(values()).map(ClusterSetup::title).toList();
		List<Ratio> ratios = List.of(ratio("sharded / classic, 1 master", SHARDED_ONE_MASTER, CLASSIC_ONE_MASTER),
				ratio("sharded / classic, 3 masters", SHARDED_THREE_MASTERS, CLASSIC_THREE_MASTERS),
				ratio("3 / 1 masters, classic", CLASSIC_THREE_MASTERS, CLASSIC_ONE_MASTER),
				ratio("3 / 1 masters, sharded", SHARDED_THREE_MASTERS, SHARDED_ONE_MASTER));
		return new ResultsTable(columns, ratios, measurements);
	}

	private static Ratio ratio(String title, ClusterSetup numerator, ClusterSetup denominator) {
		return new Ratio(title, numerator.title, denominator.title);
	}

}
