package dev.llmratelimit;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Keeps the layering of DESIGN.md §3: the engine and the public API see only the JDK and
 * each other, and nothing sees the auto-configuration.
 */
@AnalyzeClasses(packages = "dev.llmratelimit", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule engineDependsOnlyOnTheJdkAndThePublicApi = classes().that()
		.resideInAPackage("dev.llmratelimit.core..")
		.should()
		.onlyDependOnClassesThat()
		.resideInAnyPackage("java..", "dev.llmratelimit", "dev.llmratelimit.core..")
		.allowEmptyShould(false);

	@ArchTest
	static final ArchRule publicApiDependsOnlyOnTheJdkAndTheEngine = classes().that()
		.resideInAPackage("dev.llmratelimit")
		.should()
		.onlyDependOnClassesThat()
		.resideInAnyPackage("java..", "dev.llmratelimit", "dev.llmratelimit.core..")
		.allowEmptyShould(false);

	@ArchTest
	static final ArchRule nothingDependsOnTheAutoConfiguration = noClasses().that()
		.resideOutsideOfPackage("dev.llmratelimit.autoconfigure..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("dev.llmratelimit.autoconfigure..")
		.allowEmptyShould(false);

}
