package io.vaultfleet.agent.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.vaultfleet.protocol.AgentMessage;
import io.vaultfleet.protocol.ProtocolCodec;
import io.vaultfleet.protocol.Reliable;

/**
 * A folder of encoded frames waiting for the console's receipt, oldest first. Each report is one file named
 * {@code <sequence>-<deliveryId>.json}, written to a temporary name, flushed to disk and renamed, so a crash leaves
 * either the whole report or nothing. Several processes may enqueue (a CLI backup and the service); only the
 * service sends and removes.
 */
public final class Outbox {
    private static final Pattern NAME = Pattern.compile("\\d{20}-[A-Za-z0-9-]{1,64}\\.json");
    private static final AtomicLong LAST_SEQUENCE = new AtomicLong();

    private final Path folder;
    private final ProtocolCodec codec = new ProtocolCodec();

    public Outbox(Path folder) {
        this.folder = folder;
    }

    public static Outbox in(Path agentHome) {
        return new Outbox(agentHome.resolve("outbox"));
    }

    /** One waiting report: its delivery id and the frame to send. */
    public record Pending(String deliveryId, String frame, Path file) {
    }

    /** Stores a report durably; it is sent when the service is (or next gets) connected. */
    public <T extends AgentMessage & Reliable> void enqueue(T report) {
        String id = report.deliveryId();
        if (!id.matches("[A-Za-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("delivery id must be 1-64 letters, digits or hyphens: " + id);
        }
        String frame = codec.encode(id, report, null);
        try {
            Files.createDirectories(folder);
            String name = String.format("%020d-%s.json", nextSequence(), id);
            Path tmp = folder.resolve(name + ".tmp");
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                channel.write(StandardCharsets.UTF_8.encode(frame));
                channel.force(true);
            }
            Files.move(tmp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot queue report " + id + " in " + folder, e);
        }
    }

    /** Reports waiting for a receipt, oldest first. Unreadable leftovers (e.g. a torn temporary file) are skipped. */
    public List<Pending> pending() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Pending> result = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> NAME.matcher(f.getFileName().toString()).matches()).sorted().toList()) {
                String name = file.getFileName().toString();
                String deliveryId = name.substring(21, name.length() - ".json".length());
                try {
                    result.add(new Pending(deliveryId, Files.readString(file, StandardCharsets.UTF_8), file));
                } catch (NoSuchFileException gone) {
                    // delivered meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the outbox " + folder, e);
        }
        return result;
    }

    /** The console confirmed the report: forget it. Unknown ids are ignored (a receipt may arrive twice). */
    public boolean delivered(String deliveryId) {
        boolean removed = false;
        for (Pending pending : pending()) {
            if (pending.deliveryId().equals(deliveryId)) {
                try {
                    removed |= Files.deleteIfExists(pending.file());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot remove delivered report " + deliveryId, e);
                }
            }
        }
        return removed;
    }

    public int size() {
        return pending().size();
    }

    private static long nextSequence() {
        // wall-clock microseconds, strictly increasing within this process; orders reports across processes too
        long now = System.currentTimeMillis() * 1000;
        return LAST_SEQUENCE.updateAndGet(last -> Math.max(last + 1, now));
    }
}
