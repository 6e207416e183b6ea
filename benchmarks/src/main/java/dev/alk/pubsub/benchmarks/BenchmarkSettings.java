package dev.alk.pubsub.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;

/**
 * How long and how large each scenario runs.
 *
 * @param rounds rounds of every scenario and contender, interleaved
 * @param duration duration of each timed run
 * @param latencySamples messages sent one at a time in the latency scenario
 * @param manyTopics topics subscribed at once in the many-topics scenario
 * @param clusterEvents events published in each run of the shard-scaling scenario
 * @param masterCores the share of one core that each master is held to in the second part
 * of the shard-scaling scenario
 * @param jmh whether to run the serializer micro-benchmark
 * @param smoke whether this is a very short run that only proves the harness works
 * @param only names of the scenarios to run, all when empty
 */
record BenchmarkSettings(int rounds, Duration duration, int latencySamples, int manyTopics, int clusterEvents,
		double masterCores, boolean jmh, boolean smoke, Set<String> only) {

	/**
	 * Return the settings of the warm-up round, whose results are discarded.
	 * @return the warm-up settings
	 */
	BenchmarkSettings warmUp() {
		return new BenchmarkSettings(1, Duration.ofSeconds(1), 500, Math.min(10_000, this.manyTopics),
				Math.min(100_000, this.clusterEvents), this.masterCores, false, this.smoke, this.only);
	}

	boolean runs(String scenario) {
		return this.only.isEmpty() || this.only.contains(scenario);
	}

	static BenchmarkSettings fromArguments(String[] args) {
		BenchmarkSettings defaults = new BenchmarkSettings(3, Duration.ofSeconds(3), 2000, 100_000, 500_000, 0.1, true,
				false, Set.of());
		BenchmarkSettings smoke = new BenchmarkSettings(1, Duration.ofMillis(300), 50, 500, 2_000, 0.1, true, true,
				Set.of());
		BenchmarkSettings base = Arrays.asList(args).contains("--smoke") ? smoke : defaults;
		int rounds = base.rounds;
		int manyTopics = base.manyTopics;
		int clusterEvents = base.clusterEvents;
		double masterCores = base.masterCores;
		boolean jmh = base.jmh;
		Set<String> only = base.only;
		for (String arg : args) {
			String value = arg.substring(arg.indexOf('=') + 1);
			if (arg.startsWith("--only=")) {
				only = Set.of(value.split(","));
				jmh = only.contains("jmh");
			}
			else if (arg.startsWith("--rounds=")) {
				rounds = Integer.parseInt(value);
			}
			else if (arg.startsWith("--topics=")) {
				manyTopics = Integer.parseInt(value);
			}
			else if (arg.startsWith("--events=")) {
				clusterEvents = Integer.parseInt(value);
			}
			else if (arg.startsWith("--master-cores=")) {
				masterCores = Double.parseDouble(value);
			}
			else if (arg.equals("--no-jmh")) {
				jmh = false;
			}
			else if (!arg.equals("--smoke")) {
				throw new IllegalArgumentException(
						"Unknown argument '" + arg + "'; use --smoke, --rounds=N, --topics=N, "
								+ "--events=N, --master-cores=X, --no-jmh or --only=SCENARIO,…");
			}
		}
		if (!(masterCores > 0 && masterCores <= 1)) {
			throw new IllegalArgumentException("--master-cores must be above 0 and at most 1, not " + masterCores);
		}
		return new BenchmarkSettings(rounds, base.duration, base.latencySamples, manyTopics, clusterEvents, masterCores,
				jmh, base.smoke, only);
	}

}
