package ai.beluga.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.net.URI;
import java.util.Base64;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContentPartTest {
  // Every byte value, so that a lossy encoding would show.
  private static final byte[] BYTES = allBytes();

  @Test
  void roundTripsImageBytes() {
    ContentPart.ImageData image = ContentPart.image(BYTES, "image/png");

    assertThat(image.bytes()).isEqualTo(BYTES);
    assertThat(image.base64()).isEqualTo(Base64.getEncoder().encodeToString(BYTES));
    assertThat(image.detail()).isEmpty();
  }

  @Test
  void isNotChangedByMutatingTheSourceBytes() {
    byte[] bytes = {1, 2, 3};
    ContentPart.ImageData image = ContentPart.image(bytes, "image/png");
    bytes[0] = 9;
    image.bytes()[1] = 9;

    assertThat(image.bytes()).containsExactly(1, 2, 3);
  }

  @Test
  void writesADataUrl() {
    ContentPart.ImageData image = ContentPart.image(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, "image/png");

    assertThat(image.dataUrl()).isEqualTo("data:image/png;base64,iVBORw==");
  }

  @ParameterizedTest
  @ValueSource(strings = {"image/png", "image/jpeg", "image/webp", "IMAGE/GIF", "Image/Png"})
  void acceptsImageMediaTypes(String mediaType) {
    assertThat(ContentPart.image(BYTES, mediaType).mediaType()).isEqualTo(mediaType);
  }

  static Stream<Arguments> notImages() {
    return Stream.of(
        argumentSet("PDF", "application/pdf"),
        argumentSet("text", "text/plain"),
        argumentSet("no slash", "image"),
        argumentSet("image later in the string", "application/image/png"),
        argumentSet("empty", ""));
  }

  @ParameterizedTest
  @MethodSource("notImages")
  void rejectsNonImageMediaTypes(String mediaType) {
    assertThatThrownBy(() -> ContentPart.image(BYTES, mediaType))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must start with image/")
        .hasMessageContaining("ContentPart.document");
  }

  @Test
  void setsTheDetailHintOnACopy() {
    ContentPart.ImageData image = ContentPart.image(BYTES, "image/png");
    ContentPart.ImageData detailed = image.withDetail("high");
    ContentPart.ImageUrl url = ContentPart.imageUrl(URI.create("https://example.com/a.png"));

    assertThat(detailed.detail()).contains("high");
    assertThat(detailed.bytes()).isEqualTo(BYTES);
    assertThat(image.detail()).isEmpty();
    assertThat(url.withDetail("low").detail()).contains("low");
    assertThat(url.withDetail("low").url()).isEqualTo(url.url());
    assertThat(url.detail()).isEmpty();
  }

  @Test
  void roundTripsDocumentBytesAndSetsTitle() {
    ContentPart.Document document = ContentPart.document(BYTES, "application/pdf");
    ContentPart.Document titled = document.withTitle("Q3 report");

    assertThat(document.bytes()).isEqualTo(BYTES);
    assertThat(document.title()).isEmpty();
    assertThat(titled.title()).contains("Q3 report");
    assertThat(titled.base64()).isEqualTo(document.base64());
  }

  @Test
  void comparesInlineBytesByValue() {
    assertThat(ContentPart.image(new byte[] {1, 2}, "image/png"))
        .isEqualTo(ContentPart.image(new byte[] {1, 2}, "image/png"))
        .isNotEqualTo(ContentPart.image(new byte[] {1, 3}, "image/png"));
  }

  @Test
  void requiresEveryPart() {
    assertThatThrownBy(() -> ContentPart.text(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> ContentPart.imageUrl(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> ContentPart.image(null, "image/png")).isInstanceOf(NullPointerException.class)
        .hasMessage("bytes");
    assertThatThrownBy(() -> ContentPart.image(BYTES, null)).isInstanceOf(NullPointerException.class)
        .hasMessage("mediaType");
    assertThatThrownBy(() -> new ContentPart.ImageData("AA==", "image/png", null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new ContentPart.Document("AA==", "application/pdf", Optional.empty()).withTitle(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void isAClosedFamilyOfFourKinds() {
    assertThat(ContentPart.class.getPermittedSubclasses()).containsExactlyInAnyOrder(ContentPart.Text.class,
        ContentPart.ImageUrl.class, ContentPart.ImageData.class, ContentPart.Document.class);
  }

  private static byte[] allBytes() {
    byte[] bytes = new byte[256];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    return bytes;
  }
}
