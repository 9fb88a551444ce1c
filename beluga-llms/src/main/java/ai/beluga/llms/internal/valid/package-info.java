/**
 * What avaje-validator checks of each built-in provider config: one record per config holding the config's
 * constrained values under the config's component names, with the constraint annotations. The validators avaje
 * generates for these records at compile time, and their registry ({@code GeneratedValidatorComponent}), land in this
 * package, which the module does not export, so no generated class is part of the API.
 *
 * <p>A value that is only required to be present is held as {@code Object}: the records see no type above the floor
 * layer. {@code ConfigRulesTest} checks that every component of a config is covered or listed as unconstrained.
 */
package ai.beluga.llms.internal.valid;
