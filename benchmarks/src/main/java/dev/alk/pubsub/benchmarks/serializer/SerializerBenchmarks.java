package dev.alk.pubsub.benchmarks.serializer;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link EnvelopeSerializerBenchmark} through the JMH runner and renders its scores
 * as a Markdown table.
 *
 * @since 0.1.0
 */
public final class SerializerBenchmarks {

	private static final String INCLUDE = Pattern.quote(EnvelopeSerializerBenchmark.class.getName() + ".");

	private SerializerBenchmarks() {
	}

	/**
	 * Run the serializer benchmarks.
	 * @param smoke whether to run in-process with one short iteration, only to check that
	 * the benchmarks work, rather than in a forked JVM with warmup
	 * @return the score of each benchmark method
	 * @throws IllegalStateException if a benchmark fails
	 */
	public static List<Result> run(boolean smoke) {
		try {
			return new Runner(options(smoke)).run().stream().map(SerializerBenchmarks::result).toList();
		}
		catch (RunnerException ex) {
			throw new IllegalStateException("Serializer benchmarks failed", ex);
		}
	}

	/**
	 * Render the results of {@link #run(boolean)} as a Markdown table with an encode and
	 * a decode row.
	 * @param results the results of all four benchmark methods
	 * @return the table, one line per row
	 * @throws IllegalArgumentException if a benchmark method has no result
	 */
	public static String table(List<Result> results) {
		return """
				| | event target ops/s | plain Jackson ops/s | ratio |
				|---|---:|---:|---:|
				%s
				%s
				""".formatted(row("encode", results, "eventTargetEncode", "plainJacksonEncode"),
				row("decode", results, "eventTargetDecode", "plainJacksonDecode"));
	}

	private static Options options(boolean smoke) {
		ChainedOptionsBuilder builder = new OptionsBuilder().include(INCLUDE).shouldFailOnError(true);
		if (smoke) {
			return builder.forks(0)
				.warmupIterations(1)
				.warmupTime(TimeValue.milliseconds(100))
				.measurementIterations(1)
				.measurementTime(TimeValue.milliseconds(100))
				.verbosity(VerboseMode.SILENT)
				.build();
		}
		return builder.forks(1)
			.warmupIterations(5)
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(5)
			.measurementTime(TimeValue.seconds(1))
			.verbosity(VerboseMode.NORMAL)
			.build();
	}

	private static Result result(RunResult runResult) {
		String benchmark = runResult.getParams().getBenchmark();
		String name = benchmark.substring(benchmark.lastIndexOf('.') + 1);
		return new Result(name, runResult.getPrimaryResult().getScore());
	}

	private static String row(String operation, List<Result> results, String eventTargetName, String plainName) {
		double eventTarget = opsPerSecond(results, eventTargetName);
		double plain = opsPerSecond(results, plainName);
		return String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f |", operation, eventTarget, plain,
				eventTarget / plain);
	}

	private static double opsPerSecond(List<Result> results, String name) {
		return results.stream()
			.filter((result) -> result.name().equals(name))
			.mapToDouble(Result::opsPerSecond)
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No result for benchmark '%s'".formatted(name)));
	}

	/**
	 * Throughput of one benchmark method.
	 *
	 * @param name benchmark method name, such as {@code eventTargetEncode}
	 * @param opsPerSecond primary score in operations per second
	 */
	public record Result(String name, double opsPerSecond) {

	}

}
