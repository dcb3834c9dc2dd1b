package io.vaultfleet.agent.restore;

import java.util.List;

import io.vaultfleet.agent.platform.windows.AlternateStreams;
import io.vaultfleet.agent.repo.Snapshot;

/**
 * A restore without permissions (the wizard's *restore permissions* unticked): items get the destination's
 * defaults — no mode, no owner, no extended attributes, no NTFS ACL. Alternate data streams are content, not
 * permissions, and stay; times stay.
 */
final class Permissions {
    private Permissions() {
    }

    static Snapshot.Node without(Snapshot.Node n) {
        List<Snapshot.Xattr> kept = n.xattrs().stream().filter(x -> x.name().startsWith(AlternateStreams.PREFIX))
                .toList();
        return new Snapshot.Node(n.path(), n.type(), -1, -1, -1, n.user(), n.group(), n.mtime(), n.atime(), n.ctime(),
                n.inode(), n.size(), n.target(), n.device(), n.chunks(), n.fsDevice(), n.links(), n.flags(), kept);
    }
}
