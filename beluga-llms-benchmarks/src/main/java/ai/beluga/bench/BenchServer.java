package ai.beluga.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-process stub every benchmark talks to: a single-threaded NIO HTTP/1.1 server with keep-alive that answers
 * from pre-built bytes, so that it costs the same for the library and for the raw baseline and adds no threads per
 * connection. The testkit's {@code StubServer} runs a thread per request, which cannot hold 1,000 streams open
 * without 1,000 stub threads in the process being measured.
 *
 * <p>Routes: {@code POST .../chat/completions} answers {@link Fixtures#OPENAI_STREAM} when the body asks for a
 * stream and {@link Fixtures#OPENAI_CHAT} otherwise; {@code POST .../messages} answers
 * {@link Fixtures#ANTHROPIC_STREAM}. With {@link #holdStreams(boolean)} on, a stream's first event is sent at once
 * and the rest only after {@link #releaseHeld()}, which keeps many streams open at the same time.
 */
public final class BenchServer implements AutoCloseable {
  private static final byte[] CHAT = response("application/json", Fixtures.OPENAI_CHAT);
  private static final byte[] OPENAI_SSE = response("text/event-stream", Fixtures.OPENAI_STREAM);
  private static final byte[] ANTHROPIC_SSE = response("text/event-stream", Fixtures.ANTHROPIC_STREAM);
  private static final byte[] NOT_FOUND = ("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
      .getBytes(StandardCharsets.US_ASCII);

  private final Selector selector;
  private final ServerSocketChannel server;
  private final Thread thread;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final List<Conn> held = new ArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile boolean hold;
  private volatile boolean running = true;

  private BenchServer() throws IOException {
    selector = Selector.open();
    server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress("127.0.0.1", 0), 4096);
    server.configureBlocking(false);
    server.register(selector, SelectionKey.OP_ACCEPT);
    thread = new Thread(this::loop, "bench-stub");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Starts a stub on a free local port.
   *
   * @return the running stub
   */
  public static BenchServer start() {
    try {
      return new BenchServer();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The stub's base URL, such as {@code http://127.0.0.1:41234/v1}.
   *
   * @return the base URL for OpenAI-style paths
   */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.socket().getLocalPort() + "/v1");
  }

  /**
   * The stub's root URL.
   *
   * @return {@code http://127.0.0.1:port}
   */
  public URI root() {
    return URI.create("http://127.0.0.1:" + server.socket().getLocalPort());
  }

  /**
   * Whether streams are held after their first event until {@link #releaseHeld()}.
   *
   * @param on true to hold
   */
  public void holdStreams(boolean on) {
    hold = on;
  }

  /** Sends the rest of every held stream. */
  public void releaseHeld() {
    hold = false;
    tasks.add(() -> {
      for (Conn conn : held) {
        conn.out.add(conn.rest);
        conn.rest = null;
        conn.flush();
      }
      held.clear();
    });
    selector.wakeup();
  }

  /**
   * How many requests have been answered or held so far.
   *
   * @return the count
   */
  public int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    running = false;
    selector.wakeup();
    try {
      thread.join(2_000);
      server.close();
      for (SelectionKey key : selector.keys()) {
        key.channel().close();
      }
      selector.close();
    } catch (IOException | InterruptedException e) {
      // Shutting down: nothing to do.
    }
  }

  private void loop() {
    try {
      while (running) {
        selector.select();
        Runnable task;
        while ((task = tasks.poll()) != null) {
          task.run();
        }
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          try {
            if (!key.isValid()) {
              continue;
            }
            if (key.isAcceptable()) {
              SocketChannel channel;
              while ((channel = server.accept()) != null) {
                channel.configureBlocking(false);
                channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                SelectionKey connKey = channel.register(selector, SelectionKey.OP_READ);
                connKey.attach(new Conn(channel, connKey));
              }
              continue;
            }
            Conn conn = (Conn) key.attachment();
            if (key.isReadable()) {
              conn.read();
            }
            if (key.isValid() && key.isWritable()) {
              conn.flush();
            }
          } catch (IOException e) {
            key.cancel();
            key.channel().close();
          }
        }
      }
    } catch (IOException e) {
      if (running) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static byte[] response(String contentType, byte[] body) {
    byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[head.length + body.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    return all;
  }

  /** Where a held stream is cut: after its first event (the first blank line after the head). */
  private static int firstEventEnd(byte[] response) {
    int headEnd = indexOf(response, 0) + 4;
    int end = indexOf(response, headEnd);
    // SSE events end with "\n\n": look for that instead of CRLFCRLF.
    for (int i = headEnd; i + 1 < response.length; i++) {
      if (response[i] == '\n' && response[i + 1] == '\n') {
        return i + 2;
      }
    }
    return end < 0 ? response.length : end;
  }

  private static int indexOf(byte[] bytes, int from) {
    for (int i = from; i + 3 < bytes.length; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private final class Conn {
    private final SocketChannel channel;
    private final SelectionKey key;
    private ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    private ByteBuffer rest;

    Conn(SocketChannel channel, SelectionKey key) {
      this.channel = channel;
      this.key = key;
    }

    void read() throws IOException {
      int n = channel.read(in);
      if (n < 0) {
        key.cancel();
        channel.close();
        return;
      }
      while (handleRequest()) {
        // Pipelined requests: answer each in turn.
      }
      if (!in.hasRemaining()) {
        ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2);
        in.flip();
        bigger.put(in);
        in = bigger;
      }
    }

    private boolean handleRequest() throws IOException {
      byte[] bytes = in.array();
      int length = in.position();
      int headEnd = -1;
      for (int i = 0; i + 3 < length; i++) {
        if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
          headEnd = i;
          break;
        }
      }
      if (headEnd < 0) {
        return false;
      }
      String head = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1);
      int contentLength = 0;
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
          contentLength = Integer.parseInt(line.substring(colon + 1).trim());
        }
      }
      int total = headEnd + 4 + contentLength;
      if (length < total) {
        return false;
      }
      String path = head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
      String body = new String(bytes, headEnd + 4, contentLength, StandardCharsets.UTF_8);
      in.flip();
      in.position(total);
      in.compact();
      requests.incrementAndGet();
      byte[] answer;
      if (path.endsWith("/chat/completions")) {
        answer = body.contains("\"stream\":true") ? OPENAI_SSE : CHAT;
      } else if (path.endsWith("/messages")) {
        answer = ANTHROPIC_SSE;
      } else {
        answer = NOT_FOUND;
      }
      if (hold && answer != CHAT && answer != NOT_FOUND) {
        int cut = firstEventEnd(answer);
        out.add(ByteBuffer.wrap(answer, 0, cut));
        rest = ByteBuffer.wrap(answer, cut, answer.length - cut);
        held.add(this);
      } else {
        out.add(ByteBuffer.wrap(answer));
      }
      flush();
      return true;
    }

    void flush() {
      try {
        while (!out.isEmpty()) {
          ByteBuffer next = out.peek();
          channel.write(next);
          if (next.hasRemaining()) {
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            return;
          }
          out.poll();
        }
        key.interestOps(SelectionKey.OP_READ);
      } catch (IOException e) {
        key.cancel();
        try {
          channel.close();
        } catch (IOException ignored) {
          // Closing a broken connection.
        }
      }
    }
  }
}
