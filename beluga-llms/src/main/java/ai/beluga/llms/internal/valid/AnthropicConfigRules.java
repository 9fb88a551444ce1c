package ai.beluga.llms.internal.valid;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * The constrained values of an {@code AnthropicConfig}.
 *
 * @param apiKey the config's {@code apiKey}
 * @param model the config's {@code model}
 * @param baseUrl the config's {@code baseUrl}
 * @param apiVersion the config's {@code apiVersion}
 * @param defaultMaxTokens the config's {@code defaultMaxTokens}
 * @param connectTimeout the config's {@code connectTimeout}
 * @param timeout the config's {@code timeout}
 * @param maxRetries the config's {@code maxRetries}
 * @param defaultOptions the config's {@code defaultOptions}
 * @param extraHeaders the config's {@code extraHeaders}
 */
@Valid
public record AnthropicConfigRules(
    @NotNull Object apiKey,
    @NotBlank String model,
    @NotNull Object baseUrl,
    @NotBlank String apiVersion,
    @Positive int defaultMaxTokens,
    @NotNull Object connectTimeout,
    @NotNull Object timeout,
    @PositiveOrZero int maxRetries,
    @NotNull Object defaultOptions,
    @NotNull Object extraHeaders) {}
