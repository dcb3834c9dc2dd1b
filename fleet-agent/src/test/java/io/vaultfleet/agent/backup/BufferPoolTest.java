package io.vaultfleet.agent.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class BufferPoolTest {
    @Test
    void handsOutAtMostCountBuffersAndReusesReleasedOnes() throws Exception {
        BufferPool pool = new BufferPool(2, 1024);
        byte[] a = pool.take();
        byte[] b = pool.take();
        assertThat(a).hasSize(1024).isNotSameAs(b);
        CompletableFuture<byte[]> third = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertThat(third).as("blocked while both are in use").isNotDone();
        pool.release(a);
        assertThat(third.get(5, TimeUnit.SECONDS)).isSameAs(a);
    }

    @Test
    void refusesBuffersItDidNotHandOut() throws Exception {
        BufferPool pool = new BufferPool(1, 16);
        assertThatThrownBy(() -> pool.release(new byte[8])).isInstanceOf(IllegalStateException.class);
        byte[] a = pool.take();
        pool.release(a);
        assertThatThrownBy(() -> pool.release(new byte[16])).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new BufferPool(0, 16)).isInstanceOf(IllegalArgumentException.class);
    }
}
