package ai.beluga.llms.internal;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Internal API: may change in any release.
 *
 * <p>The library's one JSON factory and mapper, with explicit read limits; Jackson's global defaults are never
 * changed.
 */
public final class Json {
  /** The shared factory, for streaming parsers on hot paths. */
  public static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(500)
          .maxStringLength(64 * 1024 * 1024)
          .maxNumberLength(1000)
          .build())
      .build();

  /** The shared mapper; unknown properties are ignored so that new provider fields never break decoding. */
  public static final JsonMapper MAPPER = JsonMapper.builder(FACTORY)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  /**
   * Reads one value as a tree from a streaming parser that stands on its first token, and leaves the parser just past
   * it, so that the caller reads on: for the rare parts of a frame (an error, usage, content parts) that a
   * decoder keeps as a tree while it reads the rest with a switch on property names. {@link #MAPPER} itself would
   * reject the tokens that follow the value.
   */
  public static final ObjectReader SUBTREE = MAPPER.reader()
      .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Json() {}
}
