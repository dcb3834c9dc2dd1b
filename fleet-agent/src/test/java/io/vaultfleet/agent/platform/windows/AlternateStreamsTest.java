package io.vaultfleet.agent.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vaultfleet.agent.repo.Snapshot;

/**
 * {@link AlternateStreams} through its Win32 seam with an in-memory fake (nothing here runs on Windows; the JNA
 * {@link Win32AlternateStreams} stands behind the same interface on a server).
 */
class AlternateStreamsTest {
    /** Streams per path, as FindFirstStreamW would list them; a stream named "locked" cannot be opened. */
    static final class FakeNtfs implements AlternateStreams.Api {
        final Map<Path, Map<String, byte[]>> streams = new LinkedHashMap<>();

        @Override
        public List<AlternateStreams.Stream> list(Path path) {
            List<AlternateStreams.Stream> out = new ArrayList<>();
            streams.getOrDefault(path, Map.of()).forEach((n, c) -> out.add(new AlternateStreams.Stream(n, c.length)));
            return out;
        }

        @Override
        public byte[] read(Path path, String stream) throws IOException {
            if (stream.equals("locked")) {
                throw new IOException("CreateFile locked failed: error 32");
            }
            return streams.get(path).get(stream).clone();
        }

        @Override
        public void write(Path path, String stream, byte[] content) {
            streams.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(stream, content.clone());
        }
    }

    @Test
    void smallStreamsRoundTripAndWhatIsNotKeptIsNamed() throws Exception {
        FakeNtfs ntfs = new FakeNtfs();
        Path file = Path.of("C:\\data\\setup.exe");
        byte[] zone = "[ZoneTransfer]\r\nZoneId=3\r\n".getBytes(StandardCharsets.US_ASCII);
        ntfs.write(file, "Zone.Identifier", zone);
        ntfs.write(file, "big", new byte[AlternateStreams.MAX_KEPT + 1]);
        ntfs.write(file, "locked", new byte[1]);
        ntfs.write(file, "empty", new byte[0]);
        AlternateStreams streams = new AlternateStreams(ntfs);

        List<String> notKept = new ArrayList<>();
        List<Snapshot.Xattr> kept = streams.read(file, notKept::add);
        assertThat(kept).containsExactly(new Snapshot.Xattr("vaultfleet.ntfs.stream:Zone.Identifier", zone),
                new Snapshot.Xattr("vaultfleet.ntfs.stream:empty", new byte[0]));
        assertThat(notKept).containsExactly(
                "alternate data stream big (65537 bytes) not kept: streams over 65536 bytes are not kept by a files "
                        + "and folders backup",
                "alternate data stream locked not kept: CreateFile locked failed: error 32");

        Path restored = Path.of("D:\\restore\\setup.exe");
        for (Snapshot.Xattr x : kept) {
            streams.write(restored, x);
        }
        assertThat(ntfs.streams.get(restored)).containsOnlyKeys("Zone.Identifier", "empty");
        assertThat(ntfs.streams.get(restored).get("Zone.Identifier")).isEqualTo(zone);
        assertThat(streams.read(Path.of("C:\\no-streams"), notKept::add)).isEmpty();
        assertThatThrownBy(() -> streams.write(restored, new Snapshot.Xattr("user.x", new byte[0])))
                .hasMessageContaining("not an alternate data stream attribute");
    }
}
