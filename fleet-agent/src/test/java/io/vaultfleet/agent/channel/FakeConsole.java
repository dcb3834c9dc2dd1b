package io.vaultfleet.agent.channel;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A console end of the agent channel for agent tests: a real WebSocket server (RFC 6455 handshake and text frames,
 * on a loopback socket) whose answers a test decides frame by frame. One connection at a time is enough here.
 */
public final class FakeConsole implements AutoCloseable {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final ServerSocket server;
    private final Function<String, List<String>> answers;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile Socket current;

    /** @param answers the frames to send back for each text frame received (in order) */
    public FakeConsole(Function<String, List<String>> answers) throws IOException {
        this.answers = answers;
        this.server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofPlatform().daemon().name("fake-console").start(this::acceptLoop);
    }

    public URI endpoint() {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/agent/ws");
    }

    /** Every text frame received so far, in order. */
    public List<String> received() {
        return received;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                current = socket;
                serve(socket);
            } catch (IOException e) {
                // connection gone or server closed: wait for the next one
            }
        }
    }

    private void serve(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        String key = null;
        for (String line; !(line = readLine(in)).isEmpty(); ) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("sec-websocket-key:")) {
                key = line.substring(line.indexOf(':') + 1).trim();
            }
        }
        if (key == null) {
            throw new IOException("not a WebSocket upgrade");
        }
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        DataInputStream frames = new DataInputStream(in);
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (true) {
            int first = frames.readUnsignedByte();
            int second = frames.readUnsignedByte();
            int opcode = first & 0x0F;
            long length = second & 0x7F;
            if (length == 126) {
                length = frames.readUnsignedShort();
            } else if (length == 127) {
                length = frames.readLong();
            }
            byte[] mask = new byte[4];
            if ((second & 0x80) != 0) {
                frames.readFully(mask);
            }
            byte[] payload = new byte[(int) length];
            frames.readFully(payload);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
            if (opcode == 8) {
                return;
            }
            if (opcode == 9) {
                write(out, 0xA, payload);
                continue;
            }
            if (opcode == 1 || opcode == 0) {
                message.write(payload);
                if ((first & 0x80) != 0) {
                    String text = message.toString(StandardCharsets.UTF_8);
                    message.reset();
                    received.add(text);
                    for (String answer : answers.apply(text)) {
                        write(out, 0x1, answer.getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        }
    }

    private static synchronized void write(OutputStream out, int opcode, byte[] payload) throws IOException {
        out.write(0x80 | opcode);
        if (payload.length < 126) {
            out.write(payload.length);
        } else if (payload.length < 65536) {
            out.write(126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xFF);
        } else {
            out.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) payload.length >>> shift) & 0xFF);
            }
        }
        out.write(payload);
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new EOFException();
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
        Socket socket = current;
        if (socket != null) {
            socket.close();
        }
        acceptor.interrupt();
    }
}
