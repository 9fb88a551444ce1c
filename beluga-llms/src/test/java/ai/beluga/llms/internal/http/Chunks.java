package ai.beluga.llms.internal.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Splits test input into buffers the way a network might: whole, or every 1, 2, 3 and 5 bytes, so that line ends
 * and UTF-8 sequences fall across buffer boundaries. The buffers alternate between heap, direct and read-only ones.
 */
final class Chunks {
  /** The chunk sizes every decoder test runs with; 0 means the whole input in one buffer. */
  static final List<Integer> SIZES = List.of(0, 1, 2, 3, 5);

  private Chunks() {
  }

  /** Feeds {@code input} to {@code feed} in buffers of {@code size} bytes, or whole if size is 0. */
  static void feed(byte[] input, int size, Consumer<ByteBuffer> feed) {
    for (ByteBuffer buffer : split(input, size)) {
      feed.accept(buffer);
    }
  }

  static void feed(String input, int size, Consumer<ByteBuffer> feed) {
    feed(input.getBytes(StandardCharsets.UTF_8), size, feed);
  }

  static List<ByteBuffer> split(byte[] input, int size) {
    int step = size == 0 ? Math.max(1, input.length) : size;
    List<ByteBuffer> buffers = new ArrayList<>();
    for (int from = 0, index = 0; from < input.length; from += step, index++) {
      int length = Math.min(step, input.length - from);
      buffers.add(buffer(input, from, length, index));
    }
    return buffers;
  }

  /** Describes a chunk size for a test's display name. */
  static String describe(int size) {
    return size == 0 ? "whole" : "split every " + size + (size == 1 ? " byte" : " bytes");
  }

  /** One argument set per chunk size, named "{name}, {chunking}", with the chunk size as first argument. */
  static Stream<Arguments> everySize(String name, Object... arguments) {
    return SIZES.stream().map(size -> {
      Object[] all = new Object[arguments.length + 1];
      all[0] = size;
      System.arraycopy(arguments, 0, all, 1, arguments.length);
      return Arguments.argumentSet(name + ", " + describe(size), all);
    });
  }

  // The HttpClient hands over heap buffers, but a decoder must not depend on that.
  private static ByteBuffer buffer(byte[] input, int from, int length, int index) {
    return switch (index % 3) {
      case 0 -> ByteBuffer.wrap(input, from, length).slice();
      case 1 -> ByteBuffer.allocateDirect(length).put(input, from, length).flip();
      default -> ByteBuffer.wrap(input, from, length).asReadOnlyBuffer();
    };
  }
}
