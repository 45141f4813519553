package io.calllog.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many Server-Sent Events clients on one thread: each a plain socket that sends its GET and then reads the chunked
 * response, handing every complete line to its {@link Listener}. Java's HTTP client costs a core for a few hundred
 * busy streams; this costs little enough that, on the benchmark's two cores, the server's work is what is measured.
 */
final class SseSubscribers implements AutoCloseable {

    /** What one subscriber does with a line of its stream (without the line end). */
    interface Listener {
        void line(byte[] bytes, int from, int to);
    }

    private final Selector selector;
    private final List<Subscriber> subscribers = new ArrayList<>();
    private final Thread reader;
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean closing;

    SseSubscribers(int port, String pathAndQuery, String authorization, List<Listener> listeners) throws IOException {
        this.selector = Selector.open();
        byte[] request = ("GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nAuthorization: "
                + authorization + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        for (Listener listener : listeners) {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress("localhost", port));
            channel.write(ByteBuffer.wrap(request));
            channel.configureBlocking(false);
            Subscriber subscriber = new Subscriber(listener);
            channel.register(selector, SelectionKey.OP_READ, subscriber);
            subscribers.add(subscriber);
            open.incrementAndGet();
        }
        this.reader = new Thread(this::read, "sse-subscribers");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Streams still open: a stream the server ended (or refused) counts no more. */
    int open() {
        return open.get();
    }

    private void read() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
        byte[] bytes = new byte[buffer.capacity()];
        try {
            while (!closing) {
                selector.select(200);
                for (SelectionKey key : selector.selectedKeys()) {
                    SocketChannel channel = (SocketChannel) key.channel();
                    buffer.clear();
                    int read;
                    try {
                        read = channel.read(buffer);
                    } catch (IOException e) {
                        read = -1;
                    }
                    if (read < 0) {
                        key.cancel();
                        channel.close();
                        open.decrementAndGet();
                        continue;
                    }
                    buffer.flip();
                    buffer.get(bytes, 0, read);
                    ((Subscriber) key.attachment()).received(bytes, read);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading the streams failed", e);
        }
    }

    @Override
    public void close() throws Exception {
        closing = true;
        reader.join(5_000);
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
    }

    /** One response: its header, then chunks (size line, data, CRLF) whose data is cut into lines. */
    private static final class Subscriber {
        private enum State { HEADER, SIZE, DATA, DATA_END }

        private final Listener listener;
        private State state = State.HEADER;
        private long chunkLeft;
        private boolean inExtension;
        private byte[] line = new byte[1024];
        private int length;

        Subscriber(Listener listener) {
            this.listener = listener;
        }

        void received(byte[] bytes, int count) {
            for (int i = 0; i < count; i++) {
                byte b = bytes[i];
                switch (state) {
                    case HEADER -> {
                        append(b);
                        if (b == '\n' && endsWithBlankLine()) {
                            String header = new String(line, 0, length, StandardCharsets.US_ASCII);
                            if (!header.startsWith("HTTP/1.1 200") || !header.toLowerCase().contains("chunked")) {
                                throw new IllegalStateException("not a chunked stream: " + header);
                            }
                            length = 0;
                            chunkLeft = 0;
                            state = State.SIZE;
                        }
                    }
                    case SIZE -> { // hex digits, maybe an extension after ';', then CRLF; a line may go on
                        if (b == '\n') {
                            state = chunkLeft == 0 ? State.DATA_END : State.DATA;
                            inExtension = false;
                        } else if (b == ';') {
                            inExtension = true;
                        } else if (!inExtension && Character.digit(b, 16) >= 0) {
                            chunkLeft = chunkLeft * 16 + Character.digit(b, 16);
                        }
                    }
                    case DATA -> { // whole lines straight from the buffer; a line cut by a read or a chunk is carried
                        int take = (int) Math.min(chunkLeft, count - i);
                        int end = i + take;
                        int from = i;
                        for (int j = i; j < end; j++) {
                            if (bytes[j] == '\n') {
                                if (length == 0) {
                                    listener.line(bytes, from, j);
                                } else {
                                    append(bytes, from, j);
                                    listener.line(line, 0, length);
                                    length = 0;
                                }
                                from = j + 1;
                            }
                        }
                        append(bytes, from, end);
                        i += take - 1;
                        chunkLeft -= take;
                        if (chunkLeft == 0) {
                            state = State.DATA_END; // the CRLF after the data; the next size starts from 0
                        }
                    }
                    case DATA_END -> {
                        if (b == '\n') {
                            state = State.SIZE;
                        }
                    }
                    default -> throw new IllegalStateException();
                }
            }
        }

        private boolean endsWithBlankLine() {
            return length >= 4 && line[length - 4] == '\r' && line[length - 3] == '\n' && line[length - 2] == '\r';
        }

        private void append(byte[] bytes, int from, int to) {
            if (length + to - from > line.length) {
                line = java.util.Arrays.copyOf(line, Math.max(line.length * 2, length + to - from));
            }
            System.arraycopy(bytes, from, line, length, to - from);
            length += to - from;
        }

        private void append(byte b) {
            if (length == line.length) {
                line = java.util.Arrays.copyOf(line, line.length * 2);
            }
            line[length++] = b;
        }
    }
}
