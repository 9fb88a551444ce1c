/**
 * Beluga LLMs: one small, fast, observed API over every major LLM provider.
 *
 * <p>Exports the API ({@code ai.beluga.llms}), config, errors, health, middleware, the provider SPI and the providers;
 * keeps {@code ai.beluga.llms.internal} and below hidden.
 */
module ai.beluga.llms {
  requires transitive ai.beluga.schema;
  requires transitive java.net.http;
  requires transitive io.avaje.validation;
  requires transitive jakarta.validation;
  requires transitive io.opentelemetry.api;
  requires transitive io.opentelemetry.context;
  requires org.slf4j;

  exports ai.beluga.llms;
  exports ai.beluga.llms.assembly;
  exports ai.beluga.llms.config;
  exports ai.beluga.llms.errors;
  exports ai.beluga.llms.flow;
  exports ai.beluga.llms.health;
  exports ai.beluga.llms.middleware;
  exports ai.beluga.llms.observability;
  exports ai.beluga.llms.spi;
  exports ai.beluga.llms.spi.http;
  exports ai.beluga.llms.providers.mock;
  exports ai.beluga.llms.providers.openai;
  exports ai.beluga.llms.providers.anthropic;

  uses ai.beluga.llms.spi.ProviderFactory;

  provides ai.beluga.llms.spi.ProviderFactory with ai.beluga.llms.providers.mock.MockProviderFactory,
      ai.beluga.llms.providers.anthropic.AnthropicProviderFactory,
      ai.beluga.llms.providers.openai.OpenAiProviderFactory;
  provides io.avaje.validation.spi.ValidationExtension
      with ai.beluga.llms.internal.valid.GeneratedValidatorComponent;
}
