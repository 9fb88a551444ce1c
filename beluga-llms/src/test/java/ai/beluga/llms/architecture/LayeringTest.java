package ai.beluga.llms.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of docs/ARCHITECTURE.md, checked on the compiled classes: each layer uses only the layers below it, no two
 * packages reach each other in a circle, and no provider uses another. A new package must be placed in {@link #LAYERS}
 * or this test fails.
 */
class LayeringTest {

  /** From the bottom up; each layer may use every layer below it and none above. */
  static final List<Layer> LAYERS = List.of(
      new Layer("schema", "ai.beluga.schema.."),
      new Layer("errors", "ai.beluga.llms.errors"),
      // internal.valid: the records avaje-validator checks for the provider configs, and the validators and the
      // registry it generates for them; they see no type above the floor, so no provider is allowed anything here.
      new Layer("floor", "ai.beluga.llms.internal", "ai.beluga.llms.internal.valid"),
      new Layer("flow", "ai.beluga.llms.flow"),
      new Layer("health", "ai.beluga.llms.health"),
      new Layer("api", "ai.beluga.llms"),
      new Layer("config", "ai.beluga.llms.config"),
      new Layer("spi", "ai.beluga.llms.spi"),
      new Layer("engine", "ai.beluga.llms.internal.http", "ai.beluga.llms.spi.http"),
      new Layer("middleware", "ai.beluga.llms.middleware"),
      new Layer("observability", "ai.beluga.llms.observability"),
      new Layer("assembly", "ai.beluga.llms.assembly"),
      new Layer("providers", "ai.beluga.llms.providers.."));

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("ai.beluga.llms", "ai.beluga.schema");
  }

  @Test
  void everyLayerUsesOnlyTheLayersBelowIt() {
    layers().check(classes);
  }

  @Test
  void noPackagesReachEachOtherInACircle() {
    slices().matching("ai.beluga.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void noProviderUsesAnotherProvider() {
    slices().matching("ai.beluga.llms.providers.(*)..").should().notDependOnEachOther().check(classes);
  }

  @Test
  void everyMainPackageBelongsToALayer() {
    List<String> unplaced = new ArrayList<>();
    classes.stream().map(javaClass -> javaClass.getPackageName()).distinct().sorted().forEach(name -> {
      if (LAYERS.stream().noneMatch(layer -> layer.contains(name))) {
        unplaced.add(name);
      }
    });
    assertThat(unplaced).as("packages that belong to no layer; place them in LayeringTest.LAYERS and in "
        + "docs/ARCHITECTURE.md").isEmpty();
    assertThat(classes.stream().map(javaClass -> javaClass.getPackageName()).distinct())
        .as("the layers cover the providers").anyMatch(name -> name.startsWith("ai.beluga.llms.providers."));
  }

  @Test
  void aLowerLayerThatImportsAHigherOneFails() {
    // The rule must be able to fail: the API importing middleware (the knot this layering untied) is reported.
    JavaClasses upward = new ClassFileImporter().importClasses(UpwardImport.class,
        ai.beluga.llms.middleware.ForwardingChatModel.class);
    LayeredArchitecture rule = layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("api").definedBy("ai.beluga.llms.architecture")
        .layer("middleware").definedBy("ai.beluga.llms.middleware")
        .whereLayer("api").mayNotAccessAnyLayer();
    assertThat(rule.evaluate(upward).hasViolation()).isTrue();
  }

  private static LayeredArchitecture layers() {
    LayeredArchitecture rule = layeredArchitecture().consideringOnlyDependenciesInLayers();
    for (Layer layer : LAYERS) {
      rule = rule.layer(layer.name).definedBy(layer.packages);
    }
    for (int i = 1; i < LAYERS.size(); i++) {
      String[] below = LAYERS.subList(0, i).stream().map(layer -> layer.name).toArray(String[]::new);
      rule = rule.whereLayer(LAYERS.get(i).name).mayOnlyAccessLayers(below);
    }
    return rule.whereLayer(LAYERS.get(0).name).mayNotAccessAnyLayer();
  }

  /** A layer: a name and its package identifiers ({@code ..} at the end takes the subpackages too). */
  record Layer(String name, String... packages) {
    boolean contains(String packageName) {
      return Arrays.stream(packages).anyMatch(pattern -> pattern.endsWith("..")
          ? packageName.equals(pattern.substring(0, pattern.length() - 2))
              || packageName.startsWith(pattern.substring(0, pattern.length() - 1))
          : packageName.equals(pattern));
    }
  }

  /** Test only: a class that reaches up into middleware, to show the rule fails on it. */
  abstract static class UpwardImport extends ai.beluga.llms.middleware.ForwardingChatModel {
    UpwardImport() {
      super(null);
    }
  }
}
