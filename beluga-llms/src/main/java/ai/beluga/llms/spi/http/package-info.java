/**
 * The door to the shared HTTP engine for providers that speak HTTP: {@link ai.beluga.llms.spi.http.HttpProviders}
 * turns a {@link ai.beluga.llms.spi.ChatTranslator} and its {@link ai.beluga.llms.spi.HttpModelSettings} into a
 * {@link ai.beluga.llms.ChatModel}. It is its own package because it reaches up into the engine, which the rest of
 * {@code ai.beluga.llms.spi} (the contracts the engine itself depends on) must not.
 *
 * <p>Unless otherwise stated, a null argument causes a {@link java.lang.NullPointerException}.
 *
 * @since 0.1.0
 */
package ai.beluga.llms.spi.http;
