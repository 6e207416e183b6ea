package dev.alk.pubsub.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Renders measurements as a Markdown table: the median of every row and column over the
 * rounds, and ratios between columns, such as the event target to raw Lettuce. Rows
 * without a measurement in any of the columns are left out.
 */
final class ResultsTable {

	private final List<String> columns;

	private final List<Ratio> ratios;

	private final List<Measurement> measurements;

	/**
	 * Create a table.
	 * @param columns the titles of the columns, matched against
	 * {@link Measurement#contender()}
	 * @param ratios the ratios, each a column after the measured ones
	 * @param measurements the measurements of every round
	 */
	ResultsTable(List<String> columns, List<Ratio> ratios, List<Measurement> measurements) {
		this.columns = columns;
		this.ratios = ratios;
		this.measurements = measurements.stream().filter((m) -> columns.contains(m.contender())).toList();
	}

	boolean isEmpty() {
		return this.measurements.isEmpty();
	}

	String render() {
		StringBuilder table = new StringBuilder("| scenario |");
		for (String column : this.columns) {
			table.append(' ').append(column).append(" |");
		}
		for (Ratio ratio : this.ratios) {
			table.append(' ').append(ratio.title()).append(" |");
		}
		table.append("\n|---|").append("---:|".repeat(this.columns.size() + this.ratios.size())).append('\n');
		for (String row : rows()) {
			table.append("| ").append(row).append(" |");
			for (String column : this.columns) {
				table.append(' ').append(cell(row, column)).append(" |");
			}
			for (Ratio ratio : this.ratios) {
				table.append(' ').append(ratio(row, ratio)).append(" |");
			}
			table.append('\n');
		}
		String notes = notes();
		return notes.isEmpty() ? table.toString() : table + "\n" + notes;
	}

	private Set<String> rows() {
		return this.measurements.stream().map(Measurement::row).collect(Collectors.toCollection(LinkedHashSet::new));
	}

	private String cell(String row, String column) {
		double median = median(row, column);
		if (Double.isNaN(median)) {
			return values(row, column).isEmpty() ? "" : "failed";
		}
		String text = format(median);
		return hasNote(row, column) ? text + " [" + noteNumber(row, column) + "]" : text;
	}

	private String ratio(String row, Ratio ratio) {
		double numerator = median(row, ratio.numerator());
		double denominator = median(row, ratio.denominator());
		if (Double.isNaN(numerator) || Double.isNaN(denominator) || denominator == 0) {
			return "";
		}
		return "%.2f×".formatted(numerator / denominator);
	}

	private double median(String row, String column) {
		double[] values = values(row, column).stream()
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

	private List<Double> values(String row, String column) {
		return this.measurements.stream()
			.filter((m) -> m.row().equals(row) && m.contender().equals(column))
			.map(Measurement::value)
			.toList();
	}

	private boolean hasNote(String row, String column) {
		return !note(row, column).isEmpty();
	}

	private String note(String row, String column) {
		return this.measurements.stream()
			.filter((m) -> m.row().equals(row) && m.contender().equals(column) && !m.note().isEmpty())
			.map(Measurement::note)
			.distinct()
			.collect(Collectors.joining(" / "));
	}

	private Map<String, Integer> noteNumbers() {
		Map<String, Integer> numbers = new LinkedHashMap<>();
		for (String row : rows()) {
			for (String column : this.columns) {
				if (hasNote(row, column)) {
					numbers.put(row + "\u0000" + column, numbers.size() + 1);
				}
			}
		}
		return numbers;
	}

	private int noteNumber(String row, String column) {
		return noteNumbers().get(row + "\u0000" + column);
	}

	private String notes() {
		List<String> lines = new ArrayList<>();
		noteNumbers().forEach((key, number) -> {
			String[] parts = key.split("\u0000");
			lines.add("[" + number + "] " + parts[1] + ", " + parts[0] + ": " + note(parts[0], parts[1]));
		});
		return String.join("\n", lines.stream().map((line) -> line + "  ").toList());
	}

	private static String format(double value) {
		if (value >= 100) {
			return "%,.0f".formatted(value);
		}
		return (value == Math.rint(value)) ? "%.0f".formatted(value) : "%.2f".formatted(value);
	}

	/**
	 * A column that divides the medians of two measured columns.
	 *
	 * @param title the title of the column
	 * @param numerator the measured column divided
	 * @param denominator the measured column divided by
	 */
	record Ratio(String title, String numerator, String denominator) {

	}

}
