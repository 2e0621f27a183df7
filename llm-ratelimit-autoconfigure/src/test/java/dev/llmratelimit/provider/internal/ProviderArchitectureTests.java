package dev.llmratelimit.provider.internal;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * Keeps the dialects free of Spring and of any JSON or logging library, so that they run
 * wherever the engine runs.
 */
@AnalyzeClasses(packages = "dev.llmratelimit.provider", importOptions = ImportOption.DoNotIncludeTests.class)
class ProviderArchitectureTests {

	@ArchTest
	static final ArchRule dialectsDependOnlyOnTheJdkTheApiAndTheEngine = classes().that()
		.resideInAPackage("dev.llmratelimit.provider..")
		.should()
		.onlyDependOnClassesThat()
		.resideInAnyPackage("java..", "dev.llmratelimit", "dev.llmratelimit.core..", "dev.llmratelimit.provider..")
		.allowEmptyShould(false);

}
