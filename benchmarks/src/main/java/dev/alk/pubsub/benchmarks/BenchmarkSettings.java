package dev.alk.pubsub.benchmarks;

import java.time.Duration;
import java.util.Set;

/**
 * How long and how large each scenario runs.
 *
 * @param rounds rounds of every scenario and contender, interleaved
 * @param duration duration of each timed run
 * @param latencySamples messages sent one at a time in the latency scenario
 * @param manyTopics topics subscribed at once in the many-topics scenario
 * @param clusterEvents events published in each run of the shard-scaling scenario
 * @param jmh whether to run the serializer micro-benchmark
 * @param smoke whether this is a very short run that only proves the harness works
 * @param only names of the scenarios to run, all when empty
 */
record BenchmarkSettings(int rounds, Duration duration, int latencySamples, int manyTopics, int clusterEvents,
		boolean jmh, boolean smoke, Set<String> only) {

	/**
	 * Return the settings of the warm-up round, whose results are discarded.
	 * @return the warm-up settings
	 */
	BenchmarkSettings warmUp() {
		return new BenchmarkSettings(1, Duration.ofSeconds(1), 500, Math.min(10_000, this.manyTopics),
				Math.min(100_000, this.clusterEvents), false, this.smoke, this.only);
	}

	boolean runs(String scenario) {
		return this.only.isEmpty() || this.only.contains(scenario);
	}

	static BenchmarkSettings fromArguments(String[] args) {
		BenchmarkSettings settings = new BenchmarkSettings(3, Duration.ofSeconds(3), 2000, 100_000, 500_000, true,
				false, Set.of());
		for (String arg : args) {
			if (arg.equals("--smoke")) {
				settings = new BenchmarkSettings(1, Duration.ofMillis(300), 50, 500, 2_000, true, true, settings.only);
			}
			else if (arg.startsWith("--only=")) {
				Set<String> only = Set.of(arg.substring(7).split(","));
				settings = new BenchmarkSettings(settings.rounds, settings.duration, settings.latencySamples,
						settings.manyTopics, settings.clusterEvents, only.contains("jmh"), settings.smoke, only);
			}
			else if (arg.startsWith("--rounds=")) {
				settings = new BenchmarkSettings(Integer.parseInt(arg.substring(9)), settings.duration,
						settings.latencySamples, settings.manyTopics, settings.clusterEvents, settings.jmh,
						settings.smoke, settings.only);
			}
			else if (arg.startsWith("--topics=")) {
				settings = new BenchmarkSettings(settings.rounds, settings.duration, settings.latencySamples,
						Integer.parseInt(arg.substring(9)), settings.clusterEvents, settings.jmh, settings.smoke,
						settings.only);
			}
			else if (arg.startsWith("--events=")) {
				settings = new BenchmarkSettings(settings.rounds, settings.duration, settings.latencySamples,
						settings.manyTopics, Integer.parseInt(arg.substring(9)), settings.jmh, settings.smoke,
						settings.only);
			}
			else if (arg.equals("--no-jmh")) {
				settings = new BenchmarkSettings(settings.rounds, settings.duration, settings.latencySamples,
						settings.manyTopics, settings.clusterEvents, false, settings.smoke, settings.only);
			}
			else {
				throw new IllegalArgumentException("Unknown argument '" + arg
						+ "'; use --smoke, --rounds=N, --topics=N, --events=N, --no-jmh or --only=SCENARIO,…");
			}
		}
		return settings;
	}

}
