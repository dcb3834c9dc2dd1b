package io.vaultfleet.agent.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class BufferPoolTest {
    @Test
    void handsOutAtMostCountBuffersAndReusesReleasedOnes() throws Exception {
        BufferPool pool = new BufferPool(2, 1024);
        byte[] a = pool.take();
        byte[] b = pool.take();
        assertThat(a).hasSize(1024).isNotSameAs(b);
        FutureTask<byte[]> third = new FutureTask<>(pool::take);
        Thread taker = Thread.ofPlatform().name("third-take").start(third);
        // blocked inside take(), not merely not yet scheduled: the thread waits, and has no buffer
        await("the third take() waits").atMost(Duration.ofSeconds(5))
                .until(() -> taker.getState() == Thread.State.WAITING || taker.getState() == Thread.State.TIMED_WAITING);
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
