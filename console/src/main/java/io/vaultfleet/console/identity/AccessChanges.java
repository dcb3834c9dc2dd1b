package io.vaultfleet.console.identity;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

/**
 * Counts changes to who holds which role on this node, so that what open pages cache about their user (which live
 * events to deliver) is re-read at once after a grant, revoke, role change or disabled account here. Changes made
 * on another console node are picked up when the cache's age limit passes.
 */
@Component
class AccessChanges {
    private final AtomicLong generation = new AtomicLong();

    void changed() {
        generation.incrementAndGet();
    }

    long generation() {
        return generation.get();
    }
}
