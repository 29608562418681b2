package ai.infra;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import ai.infra.autoconfigure.InvalidAiInfraPropertyException;
import ai.infra.tracing.AiTracer;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Conditional;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layout rules of the library's code: no package cycles, instrumentation that does
 * not know about Boot's wiring, a public API no larger than what the README documents,
 * and a documented, null-marked package-info in every package.
 */
class ArchitectureTests {

	// Besides these, public in ai.infra.autoconfigure.* are the auto-configuration classes,
	// their @ConfigurationProperties, the @ConditionalOnAiInfraEnabled condition, and the
	// exception every rejected setting is reported with, thrown by the auto-configurations
	// of several packages and explained by the failure analyzers.

	/**
	 * Every public type outside {@code ai.infra.autoconfigure} and the {@code internal}
	 * packages: the types users write or catch, each documented in the README.
	 */
	static final Set<String> PUBLIC_API = Set.of("ai.infra.agent.AgentMaxStepsExceededException",
			"ai.infra.agent.AgentResult", "ai.infra.agent.AiAgent", "ai.infra.agent.AiAgent$Builder",
			"ai.infra.budget.AiBudgetExceededException", "ai.infra.budget.AiBudgetExceededException$Scope",
			"ai.infra.budget.AiBudgetUnavailableException",
			"ai.infra.cost.ModelPrice", "ai.infra.cost.ModelPrice$Tier", "ai.infra.cost.PriceTable",
			"ai.infra.llm.LlmTracing",
			"ai.infra.tool.AiTool", "ai.infra.tool.AiToolRegistry", "ai.infra.tracing.AiReactorTracing",
			"ai.infra.tracing.AiSampler", "ai.infra.tracing.AiSpan", "ai.infra.tracing.AiTraceContext",
			"ai.infra.tracing.AiTracer", "ai.infra.tracing.AiTracing", "ai.infra.tracing.AiTracing$Attribution",
			"ai.infra.tracing.AiTracing$Registration", "ai.infra.tracing.AiTraceSummary");

	private static JavaClasses classes;

	@BeforeAll
	static void importMainClasses() throws URISyntaxException {
		Path mainClasses = Paths.get(AiTracer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		classes = new ClassFileImporter().importPath(mainClasses);
	}

	@Test
	void shouldHaveNoPackageCycles() {
		slices().matching("ai.infra.(**)").should().beFreeOfCycles().check(classes);
	}

	@Test
	void shouldKeepInstrumentationIndependentOfAutoConfiguration() {
		noClasses().that()
			.resideOutsideOfPackage("ai.infra.autoconfigure..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("ai.infra.autoconfigure..")
			.check(classes);
	}

	@Test
	void shouldMakePublicOnlyTheDocumentedApiOutsideInternalAndAutoConfigurationPackages() {
		Set<String> publicTypes = new TreeSet<>();
		for (JavaClass type : classes) {
			String name = type.getName();
			if (isPublic(type) && !name.startsWith("ai.infra.autoconfigure.") && !name.contains(".internal.")) {
				publicTypes.add(name);
			}
		}
		assertThat(publicTypes).containsExactlyInAnyOrderElementsOf(PUBLIC_API);
	}

	@Test
	void shouldMakePublicOnlyAutoConfigurationsPropertiesAndConditionsInAutoConfigurationPackages() {
		List<String> others = classes.stream()
			.filter((type) -> type.getPackageName().startsWith("ai.infra.autoconfigure"))
			.filter(ArchitectureTests::isPublic)
			.filter((type) -> !type.isAnnotatedWith(AutoConfiguration.class)
					&& !isPartOfConfigurationProperties(type) && !type.isMetaAnnotatedWith(Conditional.class)
					&& !type.isEquivalentTo(InvalidAiInfraPropertyException.class))
			.map(JavaClass::getName)
			.toList();
		assertThat(others).isEmpty();
	}

	@Test
	void shouldDocumentEveryPublicApiTypeInTheReadme() throws IOException {
		String readme = Files.readString(Paths.get("..", "README.md"));
		for (String type : PUBLIC_API) {
			String simpleName = type.substring(type.lastIndexOf('.') + 1).replace('$', '.');
			assertThat(readme).as("README mentions %s", type).contains(simpleName);
		}
	}

	@Test
	void shouldHaveANullMarkedPackageInfoInEveryPackage() {
		Set<String> packages = new TreeSet<>();
		classes.forEach((type) -> packages.add(type.getPackageName()));
		assertThat(packages).isNotEmpty().allSatisfy((name) -> {
			JavaPackage javaPackage = classes.getPackage(name);
			assertThat(javaPackage.tryGetPackageInfo()).as("package-info of %s", name)
				.hasValueSatisfying((info) -> assertThat(info.isAnnotatedWith(NullMarked.class)).isTrue());
		});
	}

	private static boolean isPublic(JavaClass type) {
		if (type.isAnonymousClass() || type.isLocalClass() || type.getSimpleName().equals("package-info")) {
			return false;
		}
		if (!type.getModifiers().contains(JavaModifier.PUBLIC)) {
			return false;
		}
		return type.getEnclosingClass().map(ArchitectureTests::isPublic).orElse(true);
	}

	private static boolean isPartOfConfigurationProperties(JavaClass type) {
		if (type.isAnnotatedWith(ConfigurationProperties.class)) {
			return true;
		}
		return type.getEnclosingClass().map(ArchitectureTests::isPartOfConfigurationProperties).orElse(false);
	}

}
