package dev.alk.pubsub.benchmarks;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.alk.pubsub.benchmarks.ResultsTable.Ratio;
import dev.alk.pubsub.benchmarks.serializer.SerializerBenchmarks;
import dev.alk.pubsub.test.LocalRedis;
import dev.alk.pubsub.test.LocalRedisCluster;
import io.lettuce.core.RedisClient;
import org.jspecify.annotations.Nullable;
import org.redisson.Redisson;

import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Runs every scenario against one Redis on loopback, each contender in turn, interleaved
 * over several rounds, and prints a table of medians with the ratio of the event target
 * to raw Lettuce. The shard-scaling scenario runs the event target in classic and sharded
 * mode on local Redis Clusters of one and three masters, interleaved the same way, once
 * with the masters unbounded and once with each held to a share of a core, and prints a
 * table of its own. Arguments: {@code --smoke} for a very short run, {@code --rounds=N},
 * {@code --topics=N} for the many-topics scenario, {@code --events=N} for the
 * shard-scaling scenario, {@code --master-cores=X} for the share of a core that each
 * master is held to in its second part, {@code --no-jmh}, {@code --only=SCENARIO,…}.
 */
public final class Benchmarks {

	private static final PrintStream out = System.out;

	private Benchmarks() {
	}

	public static void main(String[] args) throws Exception {
		BenchmarkSettings settings = BenchmarkSettings.fromArguments(args);
		List<Measurement> measurements = new ArrayList<>();
		String redisVersion;
		String clusterLoad;
		try (LocalRedis redis = LocalRedis.start(); LocalClusters clusters = new LocalClusters()) {
			redisVersion = RedisInfo.field(redis.command("INFO", "server"), "redis_version");
			if (!settings.smoke()) {
				runRound(new Scenarios(redis, clusters, settings.warmUp()), settings, 0, new ArrayList<>());
			}
			Scenarios scenarios = new Scenarios(redis, clusters, settings);
			clusterLoad = scenarios.shardScalingLoad();
			for (int round = 1; round <= settings.rounds(); round++) {
				runRound(scenarios, settings, round, measurements);
			}
		}
		out.println();
		out.println(environment(settings, redisVersion));
		printTable(contenderTable(measurements), null);
		printTable(ClusterSetup.table(measurements), "Redis Cluster without replicas, one redis-server process per "
				+ "master on loopback, classic and sharded pub/sub on the same cluster of each shape: " + clusterLoad);
		if (settings.jmh()) {
			out.println();
			out.println(SerializerBenchmarks.table(SerializerBenchmarks.run(settings.smoke())));
		}
	}

	private static ResultsTable contenderTable(List<Measurement> measurements) {
		List<String> contenders = Arrays.stream(ContenderKind.values()).map(ContenderKind::title).toList();
		return new ResultsTable(contenders, List.of(new Ratio("event target / raw Lettuce",
				ContenderKind.EVENT_TARGET.title(), ContenderKind.LETTUCE.title())), measurements);
	}

	private static void printTable(ResultsTable table, @Nullable String heading) {
		if (table.isEmpty()) {
			return;
		}
		if (heading != null) {
			out.println();
			out.println(heading);
		}
		out.println();
		out.println(table.render());
	}

	private static void runRound(Scenarios scenarios, BenchmarkSettings settings, int round,
			List<Measurement> measurements) {
		List<ContenderKind> order = rotated(List.of(ContenderKind.values()), round).stream()
			.filter((kind) -> settings.runs(kind.name().toLowerCase(java.util.Locale.ROOT)) || settings.only().isEmpty()
					|| Arrays.stream(ContenderKind.values())
						.noneMatch((any) -> settings.only().contains(any.name().toLowerCase(java.util.Locale.ROOT))))
			.toList();
		List<ContenderKind> pipelined = order.stream()
			.filter((kind) -> kind == ContenderKind.LETTUCE || kind == ContenderKind.EVENT_TARGET
					|| kind == ContenderKind.EVENT_TARGET_DIRECT)
			.toList();
		Map<String, Runnable> runs = new LinkedHashMap<>();
		runs.put("churn1",
				() -> run("churn, 1 worker", order, (kind) -> scenarios.churn(kind, 1), round, measurements));
		runs.put("churn16",
				() -> run("churn, 16 workers", order, (kind) -> scenarios.churn(kind, 16), round, measurements));
		runs.put("blocking",
				() -> run("blocking throughput", order, scenarios::blockingThroughput, round, measurements));
		runs.put("async",
				() -> run("asynchronous throughput", pipelined, scenarios::asyncThroughput, round, measurements));
		runs.put("latency", () -> run("latency", order, scenarios::latency, round, measurements));
		runs.put("fanout", () -> run("fan-out", order, scenarios::fanOut, round, measurements));
		runs.put("many", () -> run("many topics", order, scenarios::manyTopics, round, measurements));
		runs.put("shards", () -> runShardScaling(scenarios, round, measurements));
		runs.forEach((name, run) -> {
			if (settings.runs(name)) {
				run.run();
			}
		});
	}

	private static void run(String scenario, List<ContenderKind> order, Function<ContenderKind, List<Measurement>> run,
			int round, List<Measurement> measurements) {
		run(scenario, order, ContenderKind::title, run, round, measurements);
	}

	private static void runShardScaling(Scenarios scenarios, int round, List<Measurement> measurements) {
		if (!LocalRedisCluster.isSupported()) {
			out.println("Skipped shard scaling: it needs a local redis-server 7 or later");
			return;
		}
		run("shard scaling", rotated(List.of(ClusterSetup.values()), round), ClusterSetup::title,
				scenarios::shardScaling, round, measurements);
		Optional<String> unsupported = MasterCpuQuota.unsupportedReason();
		if (unsupported.isPresent()) {
			out.println("Skipped shard scaling with a CPU quota per master: " + unsupported.get());
			return;
		}
		run("shard scaling, CPU quota per master", rotated(List.of(ClusterSetup.values()), round), ClusterSetup::title,
				scenarios::cappedShardScaling, round, measurements);
	}

	private static <T> void run(String scenario, List<T> order, Function<T, String> title,
			Function<T, List<Measurement>> run, int round, List<Measurement> measurements) {
		for (T column : order) {
			long started = System.nanoTime();
			List<Measurement> result = run.apply(column);
			measurements.addAll(result);
			out.printf("%s, %s, %s: %s (%.1f s)%n", (round > 0) ? "round " + round : "warm-up", scenario,
					title.apply(column),
					result.get(0).note().isEmpty() ? "%.2f".formatted(result.get(0).value()) : result.get(0).note(),
					(System.nanoTime() - started) / 1e9);
		}
	}

	private static <T> List<T> rotated(List<T> columns, int round) {
		List<T> order = new ArrayList<>(columns);
		java.util.Collections.rotate(order, round - 1);
		return order;
	}

	private static String environment(BenchmarkSettings settings, String redisVersion) {
		return ("%s; %d cores, %d MiB max heap; Java %s; Redis %s on loopback; Lettuce %s, Spring Data Redis %s, "
				+ "Redisson %s; %d round(s) of %s per run, medians")
			.formatted(LocalDate.now(), Runtime.getRuntime().availableProcessors(),
					Runtime.getRuntime().maxMemory() / (1024 * 1024), System.getProperty("java.version"), redisVersion,
					version(RedisClient.class), version(RedisMessageListenerContainer.class), version(Redisson.class),
					settings.rounds(), settings.duration())
				+ (settings.smoke() ? " (smoke run: numbers are not meaningful)" : "") + "; JVM "
				+ ManagementFactory.getRuntimeMXBean().getInputArguments();
	}

	private static String version(Class<?> type) {
		String version = type.getPackage().getImplementationVersion();
		return (version != null) ? version : "?";
	}

}
