package io.vaultfleet.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Recover Data's messages travel both ways unchanged, and bad payloads name the field. */
class RecoveryMessagesTest {
    private final ProtocolCodec codec = new ProtocolCodec();
    private final SealedPassphrase sealed = new SealedPassphrase("BAAA", "AAAAAAAAAAAAAAAA", "AAAA");

    @Test
    void consoleMessagesRoundTrip() {
        List<ConsoleMessage> messages = List.of(
                new RecoveryKeyRequest("s1"),
                new RecoveryOpen("s1", "srv-2", null, null, null),
                new RecoveryOpen("s1", "srv-2", "azure:https://acct/c?sv=1&sig=secret", Instant.parse("2027-01-01T00:00:00Z"), sealed),
                new BrowseFolder("r1", "s1", "rp1", "/srv/data", null, 500, "report"),
                new RestoreStart("j1", "s1", "rp1", RecoveryMode.FILES_AND_FOLDERS, List.of("/srv/data/a"), "/restore",
                        ConflictPolicy.CREATE_COPIES, true, null, false),
                new RestoreStart("j2", "s1", "rp1", RecoveryMode.SYSTEM_STATE, List.of(), null, ConflictPolicy.OVERWRITE,
                        true, "E:\\", true),
                new RecoveryClose("s1"),
                new DownloadStart("t1", "s1", "rp1", "/srv/data/a.txt"));
        for (ConsoleMessage m : messages) {
            assertThat(codec.decodeFromConsole(codec.encode(m)).message()).isEqualTo(m);
        }
    }

    @Test
    void agentMessagesRoundTrip() {
        List<AgentMessage> messages = List.of(
                new RecoveryKey("s1", "MFkw", Instant.parse("2027-01-01T00:00:00Z"), "c2ln"),
                new RecoveryOpened("s1", RecoveryOpenResult.WRONG_PASSPHRASE, "The passphrase does not open them."),
                new FolderPage("r1", "s1", List.of(new FolderEntry("caf\\xe9", "/srv/caf\\xe9", EntryKind.FILE, 12,
                        Instant.parse("2026-01-01T00:00:00Z")), new FolderEntry("d", "/srv/d", EntryKind.FOLDER, 0, null)),
                        "cursor-2", null),
                new DownloadFailed("t1", "no such file in the recovery point"));
        for (AgentMessage m : messages) {
            assertThat(codec.decodeFromAgent(codec.encode(m)).message()).isEqualTo(m);
        }
    }

    @Test
    void badPayloadsNameTheField() {
        assertThatThrownBy(() -> new BrowseFolder("r1", "s1", "rp1", "", null, 0, null)).hasMessageContaining("limit");
        assertThatThrownBy(() -> new BrowseFolder("r1", "s1", "rp1", "", null, BrowseFolder.MAX_LIMIT + 1, null))
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> new RecoveryOpen("s1", "srv-2", "folder:/x", null, null))
                .hasMessageContaining("sealedPassphrase");
        assertThatThrownBy(() -> new RestoreStart("j", "s", "rp", RecoveryMode.SYSTEM_STATE, List.of(), null,
                ConflictPolicy.SKIP, false, null, false)).hasMessageContaining("systemStateVolume");
        assertThatThrownBy(() -> new RestoreStart("j", "s", "rp", RecoveryMode.FILES_AND_FOLDERS, List.of(), null,
                ConflictPolicy.SKIP, false, "E:\\", false)).hasMessageContaining("SYSTEM_STATE");
        String frame = "{\"v\":1,\"type\":\"restore-start\",\"id\":\"x\",\"payload\":{\"jobId\":\"j\",\"sessionId\":\"s\","
                + "\"recoveryPointId\":\"rp\",\"mode\":\"FILES_AND_FOLDERS\",\"items\":[],\"destination\":null,"
                + "\"conflict\":\"MERGE\",\"restorePermissions\":true,\"systemStateVolume\":null,"
                + "\"runSystemStateRecovery\":false}}";
        assertThatThrownBy(() -> codec.decodeFromConsole(frame)).isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PAYLOAD);
            assertThat(e.getMessage()).contains("MERGE");
        });
    }

    @Test
    void theSourcesSasNeverShowsInToString() {
        var open = new RecoveryOpen("s1", "srv-2", "azure:https://acct/c?sv=1&sig=secret", Instant.EPOCH, sealed);
        assertThat(open.toString()).doesNotContain("secret").doesNotContain(sealed.ciphertext()).contains("(sealed)");
    }

    @Test
    void directionIsChecked() {
        String fromConsole = codec.encode(new RecoveryKeyRequest("s1"));
        assertThatThrownBy(() -> codec.decodeFromAgent(fromConsole)).isInstanceOf(ProtocolException.class);
    }
}
