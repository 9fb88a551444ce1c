package ai.beluga.schema;

import tools.jackson.core.ErrorReportConfiguration;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper this module uses, built with explicit limits rather than Jackson's global defaults. */
final class SchemaJson {
  static final JsonMapper MAPPER = JsonMapper.builder(
          JsonFactory.builder()
              .streamReadConstraints(StreamReadConstraints.builder()
                  .maxNestingDepth(500)
                  .maxStringLength(64 * 1024 * 1024)
                  .build())
              // Parse errors quote the offending token, which comes from a model's (or user's) text; SchemaException
              // messages must not carry that payload, so quote only a short prefix and no raw content.
              .errorReportConfiguration(ErrorReportConfiguration.builder()
                  .maxErrorTokenLength(32)
                  .maxRawContentLength(0)
                  .build())
              .build())
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private SchemaJson() {}
}
