package ai.beluga.llms.internal.valid;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * The constrained values of a {@code MockConfig}.
 *
 * @param model the config's {@code model}
 * @param defaultOptions the config's {@code defaultOptions}
 * @param latency the config's {@code latency}
 * @param streamChunkSize the config's {@code streamChunkSize}
 * @param streamChunkDelay the config's {@code streamChunkDelay}
 * @param script the config's {@code script}
 */
@Valid
public record MockConfigRules(
    @NotBlank String model,
    @NotNull Object defaultOptions,
    @NotNull Object latency,
    @Positive int streamChunkSize,
    @NotNull Object streamChunkDelay,
    @NotNull Object script) {}
