package ai.infra.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard in {@code ops/grafana} can be imported into any Grafana: every
 * query goes to the data source its variable selects, and the panels neither share an id
 * nor overlap. What the queries return is checked by {@link PrometheusOpsQueriesTests}.
 */
class GrafanaDashboardTests {

	static final Path DASHBOARD = Path.of("..", "ops", "grafana", "ai-infra.json").toAbsolutePath().normalize();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JsonNode dashboard;

	GrafanaDashboardTests() throws IOException {
		this.dashboard = JSON.readTree(Files.readString(DASHBOARD));
	}

	@Test
	void shouldLetTheUserPickThePrometheusDataSourceJobTenantAndModel() {
		List<JsonNode> variables = this.dashboard.path("templating").path("list").valueStream().toList();
		assertThat(variables).extracting((variable) -> variable.path("name").asString())
			.containsExactly("datasource", "job", "tenant", "model");
		assertThat(variables.get(0).path("type").asString()).isEqualTo("datasource");
		assertThat(variables.get(0).path("query").asString()).isEqualTo("prometheus");
		assertThat(variables.subList(1, 4)).allSatisfy((variable) -> {
			assertThat(variable.path("type").asString()).isEqualTo("query");
			assertThat(variable.path("includeAll").asBoolean()).isTrue();
			assertThat(variable.path("allValue").asString()).isEqualTo(".*");
			assertThat(variable.path("datasource").path("uid").asString()).isEqualTo("${datasource}");
		});
		assertThat(variables.get(2).path("definition").asString()).endsWith(", tenant_id)");
	}

	@Test
	void shouldSendEveryQueryToTheSelectedDataSource() {
		List<JsonNode> panels = queryPanels();
		assertThat(panels).hasSizeGreaterThan(15);
		assertThat(panels).allSatisfy((panel) -> {
			assertThat(panel.path("datasource").path("uid").asString()).as(title(panel)).isEqualTo("${datasource}");
			assertThat(panel.path("targets").valueStream())
				.as(title(panel))
				.isNotEmpty()
				.allSatisfy((target) -> assertThat(target.path("datasource").path("uid").asString())
					.isEqualTo("${datasource}"));
		});
	}

	@Test
	void shouldLayOutPanelsWithUniqueIdsWithoutOverlapping() {
		List<JsonNode> panels = this.dashboard.path("panels").valueStream().toList();
		assertThat(panels).extracting((panel) -> panel.path("id").asInt()).doesNotHaveDuplicates();
		for (int i = 0; i < panels.size(); i++) {
			JsonNode a = panels.get(i).path("gridPos");
			assertThat(a.path("x").asInt() + a.path("w").asInt()).as(title(panels.get(i))).isLessThanOrEqualTo(24);
			for (int j = i + 1; j < panels.size(); j++) {
				JsonNode b = panels.get(j).path("gridPos");
				boolean overlap = a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt()
						&& b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
						&& a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt()
						&& b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
				assertThat(overlap).as("%s overlaps %s", title(panels.get(i)), title(panels.get(j))).isFalse();
			}
		}
	}

	private List<JsonNode> queryPanels() {
		return this.dashboard.path("panels")
			.valueStream()
			.filter((panel) -> !"row".equals(panel.path("type").asString()))
			.toList();
	}

	private static String title(JsonNode panel) {
		return panel.path("title").asString();
	}

}
