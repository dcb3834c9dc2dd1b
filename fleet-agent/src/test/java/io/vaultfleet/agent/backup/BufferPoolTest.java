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

    @Test
    void smallChunksTakeArraysOfTheirOwnLengthWithinTheirBudget() throws Exception {
        BufferPool pool = new BufferPool(1, 1 << 20, BufferPool.SMALL * 2);
        byte[] tiny = pool.take(3);
        byte[] small = pool.take(BufferPool.SMALL);
        assertThat(tiny).hasSize(3);
        assertThat(small).hasSize(BufferPool.SMALL);
        byte[] large = pool.take(BufferPool.SMALL + 1);
        assertThat(large).as("a pooled buffer").hasSize(1 << 20);
        // the budget holds 2 x SMALL bytes: 3 + SMALL are in use, so another SMALL waits for a release
        FutureTask<byte[]> another = new FutureTask<>(() -> pool.take(BufferPool.SMALL));
        Thread taker = Thread.ofPlatform().name("small-take").start(another);
        await("the small take() waits").atMost(Duration.ofSeconds(5))
                .until(() -> taker.getState() == Thread.State.WAITING || taker.getState() == Thread.State.TIMED_WAITING);
        assertThat(another).isNotDone();
        pool.release(small);
        byte[] fourth = another.get(5, TimeUnit.SECONDS);
        assertThat(fourth).hasSize(BufferPool.SMALL);
        pool.release(fourth);
        pool.release(tiny);
        pool.release(large);
        assertThat(pool.take(BufferPool.SMALL + 1)).as("the pooled buffer, reused").isSameAs(large);
        assertThatThrownBy(() -> pool.release(new byte[BufferPool.SMALL])).as("more released than was taken")
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> pool.take((1 << 20) + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutASmallBudgetEveryChunkTakesAPooledBuffer() throws Exception {
        BufferPool pool = new BufferPool(1, 1 << 20);
        byte[] a = pool.take(10);
        assertThat(a).hasSize(1 << 20);
        pool.release(a);
        assertThat(pool.take(10)).isSameAs(a);
    }
}
