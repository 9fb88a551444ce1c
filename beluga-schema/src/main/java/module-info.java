/**
 * The provider-neutral vocabulary of Beluga LLMs: messages, content parts, tool definitions and calls, tool choice,
 * response formats, JSON Schema, token usage and finish reasons.
 *
 * <p>This module depends on Jackson 3 only (and a JSON Schema generator built on it, with its Jackson module), so
 * that code that merely builds or stores conversations does not pull in the client.
 */
module ai.beluga.schema {
  requires transitive tools.jackson.databind;
  requires com.github.victools.jsonschema.generator;
  requires com.github.victools.jsonschema.module.jackson;

  exports ai.beluga.schema;
}
