/**
 * What a provider implements and what it is given: the {@link ai.beluga.llms.spi.ProviderFactory} registered through
 * {@link java.util.ServiceLoader}, its {@link ai.beluga.llms.config.ProviderSettings} and
 * {@link ai.beluga.llms.spi.ProviderContext}. Users of the library never need these types; writers of providers do.
 *
 * <p>Unless otherwise stated, a null argument causes a {@link java.lang.NullPointerException}.
 *
 * @since 0.1.0
 */
package ai.beluga.llms.spi;
