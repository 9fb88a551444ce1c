/**
 * The Beluga LLMs test kit: a scriptable stub HTTP server speaking any provider's wire format, and the provider
 * contract suite every provider runs.
 */
module ai.beluga.llms.testkit {
  requires transitive ai.beluga.llms;
  requires transitive org.junit.jupiter.api;
  requires transitive org.junit.jupiter.params;
  requires transitive org.assertj.core;
  requires jdk.httpserver;
  requires transitive io.opentelemetry.sdk.testing;
  requires transitive io.opentelemetry.sdk;
  requires transitive io.opentelemetry.sdk.trace;
  requires transitive io.opentelemetry.sdk.metrics;
  requires transitive io.opentelemetry.sdk.common;

  exports ai.beluga.llms.testkit;

  // JUnit reads the suite's argument sources reflectively, and Jackson binds its nested records.
  opens ai.beluga.llms.testkit to org.junit.platform.commons, tools.jackson.databind;
}
