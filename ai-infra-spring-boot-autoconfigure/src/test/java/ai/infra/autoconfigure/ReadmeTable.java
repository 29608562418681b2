package ai.infra.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads a table of the README: the first table after a heading, as rows keyed by their
 * first cell, with the backticks of inline code removed from every cell.
 */
public final class ReadmeTable {

	private static final Path README = Path.of("..").toAbsolutePath().normalize().resolve("README.md");

	private ReadmeTable() {
	}

	/**
	 * Return the rows of the first table after the given heading.
	 * @param heading the heading line, for example {@code ### Invalid settings}
	 * @return the other cells of each row, keyed by its first cell
	 */
	public static Map<String, List<String>> after(String heading) {
		List<String> lines = readme();
		int start = lines.indexOf(heading);
		assertThat(start).as("README heading %s", heading).isNotNegative();
		Map<String, List<String>> rows = new LinkedHashMap<>();
		boolean inTable = false;
		for (String line : lines.subList(start + 1, lines.size())) {
			if (!line.startsWith("|")) {
				if (inTable) {
					break;
				}
				continue;
			}
			boolean header = !inTable;
			inTable = true;
			if (header || line.startsWith("|---")) {
				continue;
			}
			List<String> cells = Arrays.stream(line.substring(1, line.lastIndexOf('|')).split(" \\| ", -1))
				.map((cell) -> cell.strip().replace("`", ""))
				.toList();
			assertThat(rows.put(cells.get(0), cells.subList(1, cells.size()))).as("row %s", cells.get(0)).isNull();
		}
		assertThat(rows).as("table after %s", heading).isNotEmpty();
		return rows;
	}

	/**
	 * Return the text with runs of white space made single spaces, as a table cell
	 * shows a message that spans lines.
	 * @param text the text
	 * @return the normalized text
	 */
	public static String normalized(String text) {
		return text.replaceAll("\\s+", " ").strip();
	}

	private static List<String> readme() {
		try {
			return Files.readAllLines(README);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
