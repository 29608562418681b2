package ai.infra.cost;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generates the bundled {@code model-prices.json} from a genai-prices extract; it lives in
 * the test sources so that it does not ship. Run it from the autoconfigure module
 * directory:
 * <pre class="code">
 * mvn -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/classpath.txt
 * java -cp "target/test-classes:target/classes:$(cat target/classpath.txt)" ai.infra.cost.PriceTableGenerator
 * </pre> It reads the newest {@code ../../shared/pricing/genai-prices-*.json} and rewrites
 * {@code src/main/resources/ai/infra/cost/model-prices.json}; a source file and a target
 * file may be given as arguments instead.
 */
public final class PriceTableGenerator {

	static final Path SHARED_SOURCES = Path.of("../../shared/pricing");

	static final Path RESOURCE = Path.of("src/main/resources/ai/infra/cost/model-prices.json");

	private static final Pattern SOURCE_NAME = Pattern.compile("genai-prices-(\\d{4}-\\d{2}-\\d{2})\\.json");

	private static final Pattern EXTRACTION_DATE = Pattern.compile("extracted (\\d{4}-\\d{2}-\\d{2})");

	private static final JsonMapper mapper = JsonMapper.builder().build();

	// genai-prices field names and the table's, in the table's order.
	private static final Map<String, String> PRICES = prices();

	private PriceTableGenerator() {
	}

	private static Map<String, String> prices() {
		Map<String, String> prices = new LinkedHashMap<>();
		prices.put("input_mtok", "input");
		prices.put("output_mtok", "output");
		prices.put("cache_read_mtok", "cached_input");
		prices.put("cache_write_mtok", "cache_write");
		return prices;
	}

	/**
	 * Generate the price table.
	 * @param args optionally the genai-prices extract and the file to write
	 * @throws IOException if a file cannot be read or written
	 */
	public static void main(String[] args) throws IOException {
		Path source = (args.length > 0) ? Path.of(args[0]) : newestSource(SHARED_SOURCES).orElse(null);
		if (source == null) {
			throw new IllegalStateException("No genai-prices-*.json in " + SHARED_SOURCES.toAbsolutePath().normalize());
		}
		Path target = (args.length > 1) ? Path.of(args[1]) : RESOURCE;
		List<String> skipped = new ArrayList<>();
		String table = generate(source, skipped);
		Files.writeString(target, table, StandardCharsets.UTF_8);
		System.out.println("Wrote " + target.toAbsolutePath().normalize() + " from " + source);
		skipped.forEach((model) -> System.out.println("Skipped " + model));
	}

	/**
	 * Find the newest genai-prices extract in a directory.
	 * @param directory the directory
	 * @return the extract with the latest date in its name, or empty if there is none
	 * @throws IOException if the directory cannot be listed
	 */
	static Optional<Path> newestSource(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			return Optional.empty();
		}
		try (Stream<Path> files = Files.list(directory)) {
			// ISO dates sort chronologically as text.
			return files.filter((file) -> SOURCE_NAME.matcher(file.getFileName().toString()).matches())
				.max(Comparator.comparing((file) -> file.getFileName().toString()));
		}
	}

	/**
	 * Generate the price table from a genai-prices extract.
	 * @param source the extract
	 * @param skipped receives a description of each model left out because its prices
	 * are not plain numbers
	 * @return the content of {@code model-prices.json}
	 * @throws IOException if the extract cannot be read
	 */
	static String generate(Path source, List<String> skipped) throws IOException {
		JsonNode root = mapper.readTree(Files.readString(source, StandardCharsets.UTF_8));
		String attribution = root.path("source").asString();
		String units = root.path("units").asString();
		if (!PriceTableReader.UNITS.equals(units)) {
			throw new IllegalStateException("Unsupported units '" + units + "' in " + source);
		}
		StringBuilder json = new StringBuilder();
		json.append("{\n");
		json.append("\t\"source\": ").append(mapper.writeValueAsString(attribution)).append(",\n");
		json.append("\t\"date\": \"").append(extractionDate(attribution, source)).append("\",\n");
		json.append("\t\"units\": ").append(mapper.writeValueAsString(units)).append(",\n");
		json.append("\t\"providers\": {\n");
		List<String> providers = new ArrayList<>();
		for (Map.Entry<String, JsonNode> provider : root.path("providers").properties()) {
			List<String> models = new ArrayList<>();
			for (JsonNode model : provider.getValue().path("models").values()) {
				ObjectNode line = priceLine(model);
				if (line != null) {
					models.add("\t\t\t" + mapper.writeValueAsString(line));
				}
				else {
					skipped.add(provider.getKey() + "/" + model.path("id").asString() + ": " + model);
				}
			}
			String name = "\t\t" + mapper.writeValueAsString(provider.getKey());
			providers.add(models.isEmpty() ? name + ": []" : name + ": [\n" + String.join(",\n", models) + "\n\t\t]");
		}
		json.append(String.join(",\n", providers)).append("\n");
		json.append("\t}\n");
		json.append("}\n");
		String table = json.toString();
		// Fail here rather than at application startup if the runtime cannot read it.
		PriceTable.load(new ByteArrayInputStream(table.getBytes(StandardCharsets.UTF_8)));
		return table;
	}

	private static @Nullable ObjectNode priceLine(JsonNode model) {
		JsonNode input = model.path("input_mtok");
		// A price that depends on anything but the size of the input (time of day, say)
		// cannot be reduced to the table's prices without guessing.
		if (!isPrice(input) || !PRICES.keySet().stream().allMatch((field) -> isPriceOrMissing(model.path(field)))) {
			return null;
		}
		for (JsonNode rule : model.path("match").values()) {
			MatchRule.parse(rule);
		}
		ObjectNode line = mapper.createObjectNode();
		line.set("id", model.path("id"));
		PRICES.forEach((field, name) -> {
			if (!model.path(field).isMissingNode()) {
				line.set(name, model.path(field));
			}
		});
		line.set("match", model.path("match"));
		return line;
	}

	private static boolean isPriceOrMissing(JsonNode price) {
		return price.isMissingNode() || isPrice(price);
	}

	// A number, or genai-prices' prices by input size: {"base": 1.25, "tiers": [{"start":
	// 200000, "price": 2.5}]}.
	private static boolean isPrice(JsonNode price) {
		if (price.isNumber()) {
			return true;
		}
		if (!price.isObject() || price.size() != 2 || !price.path("base").isNumber()
				|| !price.path("tiers").isArray()) {
			return false;
		}
		for (JsonNode tier : price.path("tiers").values()) {
			if (tier.size() != 2 || !tier.path("start").canConvertToLong() || !tier.path("price").isNumber()) {
				return false;
			}
		}
		return true;
	}

	private static String extractionDate(String attribution, Path source) {
		Matcher fromAttribution = EXTRACTION_DATE.matcher(attribution);
		if (fromAttribution.find()) {
			return fromAttribution.group(1);
		}
		Matcher fromName = SOURCE_NAME.matcher(source.getFileName().toString());
		if (fromName.matches()) {
			return fromName.group(1);
		}
		throw new IllegalStateException("No extraction date in the source or the name of " + source);
	}

}
