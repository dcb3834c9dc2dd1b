package io.vaultfleet.agent.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ChunkSealerTest {
    final Crypto crypto = new Crypto(Fixtures.MASTER_KEY, NonceSource.secureRandom());
    final ChunkSealer sealer = new ChunkSealer(crypto, 3);

    @Test
    void compressesTextAndStoresRandomDataRaw() throws Exception {
        byte[] text = "all work and no play makes jack a dull boy\n".repeat(5000).getBytes(StandardCharsets.US_ASCII);
        byte[] random = ChunkerTest.random(100_000, 9);
        var t = sealer.seal(crypto.chunkId(text, 0, text.length), text, 0, text.length);
        var r = sealer.seal(crypto.chunkId(random, 0, random.length), random, 0, random.length);
        assertThat(t.flags()).isEqualTo(ChunkSealer.FLAG_ZSTD);
        assertThat(t.sealed().length).isLessThan(text.length / 10);
        assertThat(r.flags()).isZero();
        assertThat(r.sealed().length).isEqualTo(random.length + Crypto.OVERHEAD);
        assertThat(sealer.open(t.id(), t.flags(), t.plainLength(), t.sealed(), 0, t.sealed().length)).isEqualTo(text);
        assertThat(sealer.open(r.id(), r.flags(), r.plainLength(), r.sealed(), 0, r.sealed().length)).isEqualTo(random);
    }

    @Test
    void usesAFreshNonceForEveryChunk() {
        byte[] data = new byte[1000];
        var a = sealer.seal(crypto.chunkId(data, 0, 1000), data, 0, 1000);
        var b = sealer.seal(crypto.chunkId(data, 0, 1000), data, 0, 1000);
        assertThat(java.util.Arrays.copyOf(a.sealed(), 12)).isNotEqualTo(java.util.Arrays.copyOf(b.sealed(), 12));
    }

    @Test
    void detectsAFlippedByte() {
        byte[] data = ChunkerTest.random(5000, 1);
        var s = sealer.seal(crypto.chunkId(data, 0, data.length), data, 0, data.length);
        s.sealed()[100] ^= 1;
        assertThatThrownBy(() -> sealer.open(s.id(), s.flags(), s.plainLength(), s.sealed(), 0, s.sealed().length))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("fails authentication");
    }

    @Test
    void anObjectOfOneKindDoesNotOpenAsAnother() {
        byte[] sealed = crypto.seal(SealKind.INDEX, new byte[10]);
        assertThatThrownBy(() -> crypto.open(SealKind.SNAPSHOT, sealed)).isInstanceOf(IntegrityException.class);
    }

    @Test
    void chunkIdsAreKeyed() {
        byte[] data = new byte[10];
        Crypto other = new Crypto(new byte[32], NonceSource.secureRandom());
        assertThat(crypto.chunkId(data, 0, 10)).isNotEqualTo(other.chunkId(data, 0, 10));
    }

    @Test
    void sealsAndOpensInReusedBuffersWithTheSameChecks() throws Exception {
        byte[] text = "reused buffers, same format\n".repeat(20_000).getBytes(StandardCharsets.US_ASCII);
        byte[] random = ChunkerTest.random(300_000, 11);
        for (byte[] data : new byte[][] {text, random}) {
            ChunkId id = crypto.chunkId(data, 0, data.length);
            var reused = sealer.sealReusing(id, data, 0, data.length);
            byte[] sealed = java.util.Arrays.copyOf(reused.sealed(), reused.sealedLength());
            // the same bytes the allocating path can open, and the reusing path opens what it sealed
            assertThat(sealer.open(id, reused.flags(), data.length, sealed, 0, sealed.length)).isEqualTo(data);
            byte[] inPack = new byte[sealed.length + 10];
            System.arraycopy(sealed, 0, inPack, 7, sealed.length);
            byte[] plain = sealer.openReusing(id, reused.flags(), data.length, inPack, 7, sealed.length);
            assertThat(java.util.Arrays.copyOf(plain, data.length)).isEqualTo(data);

            inPack[7 + sealed.length / 2] ^= 1;
            assertThatThrownBy(() -> sealer.openReusing(id, reused.flags(), data.length, inPack, 7, sealed.length))
                    .isInstanceOf(IntegrityException.class).hasMessageContaining("fails authentication");
            inPack[7 + sealed.length / 2] ^= 1;
            ChunkId other = crypto.chunkId(data, 1, data.length - 1);
            assertThatThrownBy(() -> sealer.openReusing(other, reused.flags(), data.length, inPack, 7, sealed.length))
                    .isInstanceOf(IntegrityException.class).hasMessageContaining("does not match its id");
            assertThatThrownBy(() -> sealer.openReusing(id, reused.flags(), data.length, inPack, 7, 20))
                    .isInstanceOf(IntegrityException.class);
        }
        assertThat(sealer.sealReusing(crypto.chunkId(text, 0, text.length), text, 0, text.length).flags())
                .isEqualTo(ChunkSealer.FLAG_ZSTD);
        assertThat(sealer.sealReusing(crypto.chunkId(random, 0, random.length), random, 0, random.length).flags())
                .isZero();
    }

    @Test
    void compressedAndRawChunksAreSealedInOneBufferPerThread() throws Exception {
        byte[] random = ChunkerTest.random(300_000, 12);
        byte[] text = "compressed where it is, then encrypted in place\n".repeat(10_000)
                .getBytes(StandardCharsets.US_ASCII);
        var raw = sealer.sealReusing(crypto.chunkId(random, 0, random.length), random, 0, random.length);
        byte[] rawSealed = java.util.Arrays.copyOf(raw.sealed(), raw.sealedLength());
        var packed = sealer.sealReusing(crypto.chunkId(text, 0, text.length), text, 0, text.length);
        assertThat(packed.flags()).isEqualTo(ChunkSealer.FLAG_ZSTD);
        assertThat(packed.sealed()).as("the buffer the raw chunk was sealed into").isSameAs(raw.sealed());
        byte[] packedSealed = java.util.Arrays.copyOf(packed.sealed(), packed.sealedLength());
        // the zstd frame was encrypted where it was written: nothing of it is left readable after the nonce
        byte[] frameMagic = {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD};
        assertThat(java.util.Arrays.copyOfRange(packedSealed, Crypto.NONCE_LENGTH, Crypto.NONCE_LENGTH + 4))
                .isNotEqualTo(frameMagic);
        assertThat(sealer.open(packed.id(), packed.flags(), text.length, packedSealed, 0, packedSealed.length))
                .isEqualTo(text);
        assertThat(sealer.open(raw.id(), raw.flags(), random.length, rawSealed, 0, rawSealed.length))
                .isEqualTo(random);
    }

    @Test
    void theOpeningWarmUpOpensSmallAndLargeChunksOnAThrowAwayKeyOnADaemonThread() throws Exception {
        // a chunk that did not open would throw: warmUpOpening seals and opens 4 KiB and 2 MiB chunks, text and random
        org.assertj.core.api.Assertions.assertThatCode(ChunkSealer::warmUpOpening).doesNotThrowAnyException();
        Thread background = ChunkSealer.warmUpOpeningInBackground();
        assertThat(background.isDaemon()).as("it never keeps a process alive").isTrue();
        background.join(java.time.Duration.ofSeconds(60));
        assertThat(background.isAlive()).as("it ends").isFalse();
    }
}
