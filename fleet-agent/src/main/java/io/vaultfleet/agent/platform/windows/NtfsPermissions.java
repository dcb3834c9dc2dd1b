package io.vaultfleet.agent.platform.windows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryFlag;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import io.vaultfleet.agent.repo.Snapshot;

/**
 * NTFS permissions of files and folders (decision 019): the owner and the access control list, read through the
 * JDK's {@link AclFileAttributeView} and kept in a node as the extended attribute {@value #ATTRIBUTE} (UTF-8 text:
 * {@code owner<TAB>name}, then one line per entry {@code TYPE<TAB>principal<TAB>flags<TAB>permissions}, the enum
 * names of {@code java.nio.file.attribute}, comma-separated). Restore looks the principals up by name; one that no
 * longer exists (a deleted account, a SID from another machine's domain) is a named warning and the ACL is not set.
 * <p>
 * Only tested with recorded outputs: nothing here has run on Windows. The tests drive it through the two seams
 * (the view per path, the principal lookup) with in-memory fakes; the JDK's Windows implementation behind them is
 * what runs on a server.
 */
public final class NtfsPermissions {
    /** The node attribute that holds the owner and the ACL. */
    public static final String ATTRIBUTE = "vaultfleet.ntfs.acl";

    private final Function<Path, AclFileAttributeView> views;
    private final UserPrincipalLookupService principals;

    public NtfsPermissions(Function<Path, AclFileAttributeView> views, UserPrincipalLookupService principals) {
        this.views = views;
        this.principals = principals;
    }

    /** The JDK's view of this file system (null views where it has no ACLs: then nothing is read). */
    public static NtfsPermissions ofDefaultFileSystem() {
        return new NtfsPermissions(p -> Files.getFileAttributeView(p, AclFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS), FileSystems.getDefault().getUserPrincipalLookupService());
    }

    /** The owner and ACL as a node attribute; empty when the file system has no ACLs. */
    public List<Snapshot.Xattr> read(Path path) throws IOException {
        AclFileAttributeView view = views.apply(path);
        if (view == null) {
            return List.of();
        }
        return List.of(new Snapshot.Xattr(ATTRIBUTE, encode(view.getOwner(), view.getAcl())));
    }

    /**
     * Sets the owner and ACL kept in {@code attribute} on the path. {@link IOException} when a principal cannot be
     * found or the file system refuses: nothing is set then (never half an ACL).
     */
    public void write(Path path, Snapshot.Xattr attribute) throws IOException {
        AclFileAttributeView view = views.apply(path);
        if (view == null) {
            throw new IOException("this file system has no NTFS permissions");
        }
        Decoded d = decode(attribute.value());
        view.setAcl(d.acl());
        if (d.owner() != null && !d.owner().equals(view.getOwner())) {
            view.setOwner(d.owner());
        }
    }

    static byte[] encode(UserPrincipal owner, List<AclEntry> acl) {
        StringBuilder sb = new StringBuilder();
        sb.append("owner\t").append(owner == null ? "" : owner.getName()).append('\n');
        for (AclEntry e : acl) {
            sb.append(e.type().name()).append('\t').append(e.principal().getName()).append('\t')
                    .append(names(e.flags())).append('\t').append(names(e.permissions())).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String names(Set<? extends Enum<?>> values) {
        Set<String> sorted = new TreeSet<>();
        values.forEach(v -> sorted.add(v.name()));
        return String.join(",", sorted);
    }

    record Decoded(UserPrincipal owner, List<AclEntry> acl) {
    }

    Decoded decode(byte[] value) throws IOException {
        String[] lines = new String(value, StandardCharsets.UTF_8).split("\n");
        if (lines.length == 0 || !lines[0].startsWith("owner\t")) {
            throw new IOException("not an NTFS permissions record (no owner line)");
        }
        String ownerName = lines[0].substring("owner\t".length());
        UserPrincipal owner = ownerName.isEmpty() ? null : lookup(ownerName);
        List<AclEntry> acl = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split("\t", -1);
            if (f.length != 4) {
                throw new IOException("NTFS permissions entry " + i + " is malformed: " + lines[i]);
            }
            try {
                Set<AclEntryFlag> flags = EnumSet.noneOf(AclEntryFlag.class);
                for (String s : f[2].isEmpty() ? new String[0] : f[2].split(",")) {
                    flags.add(AclEntryFlag.valueOf(s));
                }
                Set<AclEntryPermission> permissions = EnumSet.noneOf(AclEntryPermission.class);
                for (String s : f[3].isEmpty() ? new String[0] : f[3].split(",")) {
                    permissions.add(AclEntryPermission.valueOf(s));
                }
                acl.add(AclEntry.newBuilder().setType(AclEntryType.valueOf(f[0])).setPrincipal(lookup(f[1]))
                        .setFlags(flags).setPermissions(permissions).build());
            } catch (IllegalArgumentException e) {
                throw new IOException("NTFS permissions entry " + i + " is malformed: " + e.getMessage());
            }
        }
        return new Decoded(owner, acl);
    }

    private UserPrincipal lookup(String name) throws IOException {
        try {
            return principals.lookupPrincipalByName(name);
        } catch (UserPrincipalNotFoundException e) {
            throw new IOException("account " + name + " does not exist here");
        }
    }
}
