package ai.beluga.llms.internal.valid;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * The constrained values of an {@code OpenAiConfig} (its {@code apiKey} is checked by the config itself).
 *
 * @param model the config's {@code model}
 * @param baseUrl the config's {@code baseUrl}
 * @param preset the config's {@code preset}
 * @param organization the config's {@code organization}
 * @param project the config's {@code project}
 * @param deployment the config's {@code deployment}
 * @param apiVersion the config's {@code apiVersion}
 * @param connectTimeout the config's {@code connectTimeout}
 * @param timeout the config's {@code timeout}
 * @param maxRetries the config's {@code maxRetries}
 * @param defaultOptions the config's {@code defaultOptions}
 * @param extraHeaders the config's {@code extraHeaders}
 * @param unsupported the config's {@code unsupported}
 */
@Valid
public record OpenAiConfigRules(
    @NotBlank String model,
    @NotNull Object baseUrl,
    @NotNull Object preset,
    @NotNull Object organization,
    @NotNull Object project,
    @NotNull Object deployment,
    @NotNull Object apiVersion,
    @NotNull Object connectTimeout,
    @NotNull Object timeout,
    @PositiveOrZero int maxRetries,
    @NotNull Object defaultOptions,
    @NotNull Object extraHeaders,
    @NotNull Object unsupported) {}
