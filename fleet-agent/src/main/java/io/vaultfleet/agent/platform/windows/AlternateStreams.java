package io.vaultfleet.agent.platform.windows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.vaultfleet.agent.repo.Snapshot;

/**
 * NTFS alternate data streams of files and folders (decision 019), kept as node attributes named
 * {@value #PREFIX}{@code <stream name>} whose value is the stream's content, up to {@link #MAX_KEPT} bytes (the
 * usual streams, {@code Zone.Identifier} and the like, are a few hundred bytes; node attributes are not the place for
 * large data). A larger stream, or one that cannot be read, is a named backup warning. The unnamed stream (the
 * file's content) is not one of them.
 * <p>
 * Only tested with recorded outputs: the tests drive this class through {@link Api} with an in-memory fake;
 * {@link Win32AlternateStreams} (JNA {@code FindFirstStreamW}/{@code FindNextStreamW}, {@code CreateFileW} on
 * {@code name:stream}, which Java's Windows paths refuse) is what runs on a server, and has never run here.
 */
public final class AlternateStreams {
    /** Attribute name prefix of a kept stream. */
    public static final String PREFIX = "vaultfleet.ntfs.stream:";
    /** Streams larger than this are not kept (a warning says so). */
    public static final int MAX_KEPT = 64 * 1024;

    /** One named stream as listed: its name (without {@code :} and {@code :$DATA}) and size. */
    public record Stream(String name, long size) {
    }

    /** The Win32 seam. */
    public interface Api {
        /** The named streams of the path (not the unnamed one); empty when there are none. */
        List<Stream> list(Path path) throws IOException;

        byte[] read(Path path, String stream) throws IOException;

        void write(Path path, String stream, byte[] content) throws IOException;
    }

    private final Api api;

    public AlternateStreams(Api api) {
        this.api = api;
    }

    /** The path's named streams as node attributes; what is not kept goes to {@code notKept} with the reason. */
    public List<Snapshot.Xattr> read(Path path, Consumer<String> notKept) throws IOException {
        List<Snapshot.Xattr> kept = new ArrayList<>();
        for (Stream s : api.list(path)) {
            if (s.size() > MAX_KEPT) {
                notKept.accept("alternate data stream " + s.name() + " (" + s.size() + " bytes) not kept: streams "
                        + "over " + MAX_KEPT + " bytes are not kept by a files and folders backup");
                continue;
            }
            try {
                kept.add(new Snapshot.Xattr(PREFIX + s.name(), api.read(path, s.name())));
            } catch (IOException e) {
                notKept.accept("alternate data stream " + s.name() + " not kept: " + e.getMessage());
            }
        }
        return kept;
    }

    /** Writes a kept stream back. */
    public void write(Path path, Snapshot.Xattr attribute) throws IOException {
        if (!attribute.name().startsWith(PREFIX) || attribute.name().length() == PREFIX.length()) {
            throw new IOException("not an alternate data stream attribute: " + attribute.name());
        }
        api.write(path, attribute.name().substring(PREFIX.length()), attribute.value());
    }
}
