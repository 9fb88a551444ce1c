package ai.beluga.schema;

import java.net.URI;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * One part of a user message's content: text, an image (by URL or inline bytes), or a document.
 *
 * <p>A closed family, so providers translate every case or raise {@code UNSUPPORTED} naming the part they cannot
 * send. Inline bytes are held as base64 text, which is what every provider's wire format wants, and which keeps the
 * records immutable and comparable by value.
 *
 * <pre>{@code
 * Message question = Message.user(
 *     ContentPart.text("What is in this picture?"),
 *     ContentPart.imageUrl(URI.create("https://example.com/cat.png")));
 * }</pre>
 *
 * @since 0.1.0
 */
public sealed interface ContentPart {

  /**
   * Creates a text part.
   *
   * @param text the text
   * @return the part
   * @since 0.1.0
   */
  static Text text(String text) {
    return new Text(text);
  }

  /**
   * Creates an image part that the provider fetches from a URL (or a {@code data:} URL).
   *
   * @param url the image's address
   * @return the part
   * @since 0.1.0
   */
  static ImageUrl imageUrl(URI url) {
    return new ImageUrl(url, Optional.empty());
  }

  /**
   * Creates an image part from bytes.
   *
   * @param bytes the encoded image
   * @param mediaType its media type, such as {@code image/png}
   * @return the part
   * @throws IllegalArgumentException if the media type is not an {@code image/} type
   * @since 0.1.0
   */
  static ImageData image(byte[] bytes, String mediaType) {
    return new ImageData(Base64.getEncoder().encodeToString(Objects.requireNonNull(bytes, "bytes")), mediaType,
        Optional.empty());
  }

  /**
   * Creates a document part (such as a PDF) from bytes.
   *
   * @param bytes the document
   * @param mediaType its media type, such as {@code application/pdf}
   * @return the part
   * @since 0.1.0
   */
  static Document document(byte[] bytes, String mediaType) {
    return new Document(Base64.getEncoder().encodeToString(Objects.requireNonNull(bytes, "bytes")), mediaType,
        Optional.empty());
  }

  /**
   * Plain text.
   *
   * @param text the text, possibly empty
   * @since 0.1.0
   */
  record Text(String text) implements ContentPart {
    /**
     * Checks the text is present.
     *
     * @param text the text, possibly empty
     */
    public Text {
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * An image the provider fetches from an address.
   *
   * @param url an {@code http}, {@code https} or {@code data} URL
   * @param detail the provider's detail hint (OpenAI {@code low}, {@code high}, {@code auto}), if any
   * @since 0.1.0
   */
  record ImageUrl(URI url, Optional<String> detail) implements ContentPart {
    /**
     * Checks the parts are present.
     *
     * @param url an {@code http}, {@code https} or {@code data} URL
     * @param detail the provider's detail hint (OpenAI {@code low}, {@code high}, {@code auto}), if any
     */
    public ImageUrl {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(detail, "detail");
    }

    /**
     * {@return a copy with the given detail hint}
     *
     * @param detail the hint, such as {@code high}
     * @since 0.1.0
     */
    public ImageUrl withDetail(String detail) {
      return new ImageUrl(url, Optional.of(detail));
    }
  }

  /**
   * An image sent inline.
   *
   * @param base64 the image bytes, base64-encoded
   * @param mediaType the media type, such as {@code image/jpeg}
   * @param detail the provider's detail hint, if any
   * @since 0.1.0
   */
  record ImageData(String base64, String mediaType, Optional<String> detail) implements ContentPart {
    /**
     * Checks the parts are present and the media type names an image.
     *
     * @param base64 the image bytes, base64-encoded
     * @param mediaType the media type, such as {@code image/jpeg}
     * @param detail the provider's detail hint, if any
     * @throws IllegalArgumentException if the media type is not an {@code image/} type
     */
    public ImageData {
      Objects.requireNonNull(base64, "base64");
      Objects.requireNonNull(mediaType, "mediaType");
      Objects.requireNonNull(detail, "detail");
      // Media types are case-insensitive (RFC 2045), so IMAGE/PNG is an image too.
      if (!mediaType.regionMatches(true, 0, "image/", 0, 6)) {
        throw new IllegalArgumentException("an image's media type must start with image/, was " + mediaType
            + "; send other files with ContentPart.document(...)");
      }
    }

    /**
     * {@return the image as a {@code data:} URL}
     *
     * @since 0.1.0
     */
    public String dataUrl() {
      return "data:" + mediaType + ";base64," + base64;
    }

    /**
     * {@return the decoded image bytes}
     *
     * @since 0.1.0
     */
    public byte[] bytes() {
      return Base64.getDecoder().decode(base64);
    }

    /**
     * {@return a copy with the given detail hint}
     *
     * @param detail the hint, such as {@code high}
     * @since 0.1.0
     */
    public ImageData withDetail(String detail) {
      return new ImageData(base64, mediaType, Optional.of(detail));
    }
  }

  /**
   * A document sent inline, such as a PDF.
   *
   * @param base64 the document bytes, base64-encoded
   * @param mediaType the media type, such as {@code application/pdf}
   * @param title a title some providers show the model, if any
   * @since 0.1.0
   */
  record Document(String base64, String mediaType, Optional<String> title) implements ContentPart {
    /**
     * Checks the parts are present.
     *
     * @param base64 the document bytes, base64-encoded
     * @param mediaType the media type, such as {@code application/pdf}
     * @param title a title some providers show the model, if any
     */
    public Document {
      Objects.requireNonNull(base64, "base64");
      Objects.requireNonNull(mediaType, "mediaType");
      Objects.requireNonNull(title, "title");
    }

    /**
     * {@return the decoded document bytes}
     *
     * @since 0.1.0
     */
    public byte[] bytes() {
      return Base64.getDecoder().decode(base64);
    }

    /**
     * {@return a copy with the given title}
     *
     * @param title the title
     * @since 0.1.0
     */
    public Document withTitle(String title) {
      return new Document(base64, mediaType, Optional.of(title));
    }
  }
}
