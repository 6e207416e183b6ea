package dev.alk.pubsub.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Renders measurements as a Markdown table: the median of every row and contender over
 * the rounds, and the ratio of the event target to raw Lettuce.
 */
final class ResultsTable {

	private final List<Measurement> measurements;

	ResultsTable(List<Measurement> measurements) {
		this.measurements = measurements;
	}

	String render() {
		StringBuilder table = new StringBuilder("| scenario |");
		for (ContenderKind kind : ContenderKind.values()) {
			table.append(' ').append(kind.title()).append(" |");
		}
		table.append(" event target / raw Lettuce |\n|---|");
		table.append("---:|".repeat(ContenderKind.values().length + 1)).append('\n');
		for (String row : rows()) {
			table.append("| ").append(row).append(" |");
			for (ContenderKind kind : ContenderKind.values()) {
				table.append(' ').append(cell(row, kind)).append(" |");
			}
			table.append(' ').append(ratio(row)).append(" |\n");
		}
		String notes = notes();
		return notes.isEmpty() ? table.toString() : table + "\n" + notes;
	}

	private Set<String> rows() {
		return this.measurements.stream().map(Measurement::row).collect(Collectors.toCollection(LinkedHashSet::new));
	}

	private String cell(String row, ContenderKind kind) {
		double median = median(row, kind);
		if (Double.isNaN(median)) {
			return values(row, kind).isEmpty() ? "" : "failed";
		}
		String text = format(median);
		return hasNote(row, kind) ? text + " [" + noteNumber(row, kind) + "]" : text;
	}

	private String ratio(String row) {
		double ours = median(row, ContenderKind.EVENT_TARGET);
		double floor = median(row, ContenderKind.LETTUCE);
		if (Double.isNaN(ours) || Double.isNaN(floor) || floor == 0) {
			return "";
		}
		return "%.2f×".formatted(ours / floor);
	}

	private double median(String row, ContenderKind kind) {
		double[] values = values(row, kind).stream()
			.mapToDouble(Double::doubleValue)
			.filter((v) -> !Double.isNaN(v))
			.sorted()
			.toArray();
		if (values.length == 0) {
			return Double.NaN;
		}
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

	private List<Double> values(String row, ContenderKind kind) {
		return this.measurements.stream()
			.filter((m) -> m.row().equals(row) && m.contender().equals(kind.title()))
			.map(Measurement::value)
			.toList();
	}

	private boolean hasNote(String row, ContenderKind kind) {
		return !note(row, kind).isEmpty();
	}

	private String note(String row, ContenderKind kind) {
		return this.measurements.stream()
			.filter((m) -> m.row().equals(row) && m.contender().equals(kind.title()) && !m.note().isEmpty())
			.map(Measurement::note)
			.distinct()
			.collect(Collectors.joining(" / "));
	}

	private Map<String, Integer> noteNumbers() {
		Map<String, Integer> numbers = new LinkedHashMap<>();
		for (String row : rows()) {
			for (ContenderKind kind : ContenderKind.values()) {
				if (hasNote(row, kind)) {
					numbers.put(row + "\u0000" + kind.title(), numbers.size() + 1);
				}
			}
		}
		return numbers;
	}

	private int noteNumber(String row, ContenderKind kind) {
		return noteNumbers().get(row + "\u0000" + kind.title());
	}

	private String notes() {
		List<String> lines = new ArrayList<>();
		noteNumbers().forEach((key, number) -> {
			String[] parts = key.split("\u0000");
			ContenderKind kind = Arrays.stream(ContenderKind.values())
				.filter((k) -> k.title().equals(parts[1]))
				.findFirst()
				.orElseThrow();
			lines.add("[" + number + "] " + parts[1] + ", " + parts[0] + ": " + note(parts[0], kind));
		});
		return String.join("\n", lines.stream().map((line) -> line + "  ").toList());
	}

	private static String format(double value) {
		if (value >= 100) {
			return "%,.0f".formatted(value);
		}
		return (value == Math.rint(value)) ? "%.0f".formatted(value) : "%.2f".formatted(value);
	}

}
