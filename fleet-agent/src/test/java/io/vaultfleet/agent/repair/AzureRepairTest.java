package io.vaultfleet.agent.repair;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;

import io.vaultfleet.agent.SampleTree;
import io.vaultfleet.agent.backup.Backup;
import io.vaultfleet.agent.backup.FileOpener;
import io.vaultfleet.agent.backup.RoundTripScenario;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.restore.Restorer;
import io.vaultfleet.agent.store.AzureBlobStore;
import io.vaultfleet.agent.store.BlobStore;
import io.vaultfleet.agent.store.RetryingStore;
import io.vaultfleet.agent.verify.Verifier;
import io.vaultfleet.testsupport.Azurite;

/**
 * Repair through a container SAS without delete permission, as the console issues it: damaged blobs cannot be moved,
 * so they are marked under {@code quarantine/} and stay, byte for byte; every reader then ignores them.
 */
class AzureRepairTest {
    @TempDir
    Path work;

    @Test
    void damagedBlobsAreMarkedNotDeletedWhereTheAgentCannotDelete() throws Exception {
        BlobContainerClient container = new BlobServiceClientBuilder()
                .connectionString(Azurite.shared().connectionString())
                .httpClient(new com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder().build())
                .buildClient().getBlobContainerClient("server-" + UUID.randomUUID());
        container.create();
        String sas = container.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plusHours(1),
                new BlobContainerSasPermission().setReadPermission(true).setWritePermission(true)
                        .setCreatePermission(true).setListPermission(true)));
        BlobStore store = new RetryingStore(AzureBlobStore.fromSasUrl(container.getBlobContainerUrl() + "?" + sas));
        assertThat(store.agentMayDelete()).isFalse();

        Path source = work.resolve("src");
        Files.createDirectories(source);
        Files.write(source.resolve("a.bin"), SampleTree.random(400_000, 31));
        Repository repo = Repository.init(store, RoundTripScenario.PASSPHRASE, RoundTripScenario.CHEAP_KDF, "h");
        String first = new Backup(repo, RoundTripScenario.options(source, null, FileOpener.DEFAULT)).run().snapshotId();
        Files.writeString(source.resolve("b.txt"), "second");
        String second = new Backup(repo, RoundTripScenario.options(source, null, FileOpener.DEFAULT)).run().snapshotId();

        // storage damage the agent's grant can cause: blobs overwritten with garbage
        String index = repo.indexNames().get(0);
        byte[] indexBytes = store.get(index);
        byte[] truncatedIndex = Arrays.copyOf(indexBytes, indexBytes.length / 2);
        store.put(index, truncatedIndex);
        byte[] header = store.get(Repository.SNAPSHOTS + second);
        header[12] ^= 0x10;
        store.put(Repository.SNAPSHOTS + second, header);

        Repository opened = Repository.open(store, RoundTripScenario.PASSPHRASE);
        assertThat(new Verifier(opened).verify(false, 2).problems()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(opened.resolveSnapshot("latest")).isEqualTo(first);

        RepairReport report = new RepairReport();
        IndexRepair.run(opened, report);
        SnapshotRepair.run(opened, report);
        assertThat(report.actions()).anySatisfy(a -> assertThat(a).contains("marked " + index, "stays in place"));
        assertThat(report.losses()).anySatisfy(l -> assertThat(l).contains("recovery point " + second.substring(0, 12)));
        assertThat(report.unresolved()).isEmpty();

        var after = new Verifier(opened).verify(true, 2);
        assertThat(after.problems()).isEmpty();
        assertThat(after.notes()).anySatisfy(n -> assertThat(n).contains("set aside by repair"));
        // nothing deleted: the damaged blobs are still there, as they were
        assertThat(store.get(index)).isEqualTo(truncatedIndex);
        assertThat(store.get(Repository.SNAPSHOTS + second)).isEqualTo(header);
        assertThat(opened.snapshotIds()).containsExactly(first);

        Path out = work.resolve("out");
        var restored = new Restorer(opened).restore(new Restorer.Options("latest", List.of(), out, 2));
        assertThat(restored.problems()).isEmpty();
        assertThat(out.resolve(source.toString().substring(1)).resolve("a.bin"))
                .hasBinaryContent(Files.readAllBytes(source.resolve("a.bin")));
    }
}
