package io.vaultfleet.agent.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryFlag;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.vaultfleet.agent.repo.Snapshot;

/**
 * {@link NtfsPermissions} through its two seams with in-memory fakes (nothing here runs on Windows; the JDK's
 * Windows {@code AclFileAttributeView} and account lookup stand behind the same interfaces on a server).
 */
class NtfsPermissionsTest {
    record Account(String getName) implements UserPrincipal {
    }

    /** Accounts that exist on the "restore machine". */
    static final class Accounts extends UserPrincipalLookupService {
        final Set<String> known;

        Accounts(String... names) {
            known = Set.of(names);
        }

        @Override
        public UserPrincipal lookupPrincipalByName(String name) throws IOException {
            if (!known.contains(name)) {
                throw new UserPrincipalNotFoundException(name);
            }
            return new Account(name);
        }

        @Override
        public GroupPrincipal lookupPrincipalByGroupName(String group) {
            throw new UnsupportedOperationException();
        }
    }

    /** One file's owner and ACL, in memory. */
    static final class FakeView implements AclFileAttributeView {
        UserPrincipal owner;
        List<AclEntry> acl = List.of();

        @Override
        public String name() {
            return "acl";
        }

        @Override
        public List<AclEntry> getAcl() {
            return acl;
        }

        @Override
        public void setAcl(List<AclEntry> acl) {
            this.acl = List.copyOf(acl);
        }

        @Override
        public UserPrincipal getOwner() {
            return owner;
        }

        @Override
        public void setOwner(UserPrincipal owner) {
            this.owner = owner;
        }
    }

    static AclEntry entry(AclEntryType type, String who, Set<AclEntryFlag> flags, Set<AclEntryPermission> perms) {
        return AclEntry.newBuilder().setType(type).setPrincipal(new Account(who)).setFlags(flags)
                .setPermissions(perms).build();
    }

    @Test
    void ownerAndAclRoundTripThroughTheNodeAttribute() throws Exception {
        Map<Path, FakeView> files = new HashMap<>();
        FakeView source = new FakeView();
        source.owner = new Account("BUILTIN\\Administrators");
        source.acl = List.of(
                entry(AclEntryType.ALLOW, "NT AUTHORITY\\SYSTEM", EnumSet.of(AclEntryFlag.FILE_INHERIT,
                        AclEntryFlag.DIRECTORY_INHERIT), EnumSet.allOf(AclEntryPermission.class)),
                entry(AclEntryType.DENY, "CONTOSO\\temp worker", Set.of(), EnumSet.of(AclEntryPermission.WRITE_DATA,
                        AclEntryPermission.DELETE)),
                entry(AclEntryType.ALLOW, "BUILTIN\\Users", Set.of(), EnumSet.of(AclEntryPermission.READ_DATA)));
        files.put(Path.of("src"), source);
        FakeView target = new FakeView();
        target.owner = new Account("NT AUTHORITY\\SYSTEM");
        files.put(Path.of("dst"), target);
        NtfsPermissions ntfs = new NtfsPermissions(files::get, new Accounts("BUILTIN\\Administrators",
                "NT AUTHORITY\\SYSTEM", "CONTOSO\\temp worker", "BUILTIN\\Users"));

        List<Snapshot.Xattr> kept = ntfs.read(Path.of("src"));
        assertThat(kept).singleElement().satisfies(x -> {
            assertThat(x.name()).isEqualTo(NtfsPermissions.ATTRIBUTE);
            assertThat(new String(x.value(), StandardCharsets.UTF_8)).startsWith("owner\tBUILTIN\\Administrators\n")
                    .contains("DENY\tCONTOSO\\temp worker\t\tDELETE,WRITE_DATA\n");
        });
        ntfs.write(Path.of("dst"), kept.get(0));
        assertThat(target.owner).isEqualTo(source.owner);
        assertThat(target.acl).isEqualTo(source.acl); // order kept: it decides what a DENY overrides
    }

    @Test
    void anAccountMissingHereSetsNothingAndSaysWhich() throws Exception {
        FakeView target = new FakeView();
        NtfsPermissions ntfs = new NtfsPermissions(p -> target, new Accounts("BUILTIN\\Users"));
        byte[] value = "owner\tBUILTIN\\Users\nALLOW\tOLDDOMAIN\\gone\t\tREAD_DATA\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ntfs.write(Path.of("x"), new Snapshot.Xattr(NtfsPermissions.ATTRIBUTE, value)))
                .hasMessageContaining("OLDDOMAIN\\gone does not exist here");
        assertThat(target.acl).isEmpty();
        assertThat(target.owner).isNull();
    }

    @Test
    void malformedRecordsAndFileSystemsWithoutAclsAreClearErrors() throws Exception {
        NtfsPermissions ntfs = new NtfsPermissions(p -> new FakeView(), new Accounts("A"));
        assertThatThrownBy(() -> ntfs.write(Path.of("x"), new Snapshot.Xattr(NtfsPermissions.ATTRIBUTE,
                "ALLOW\tA\t\tREAD_DATA\n".getBytes(StandardCharsets.UTF_8)))).hasMessageContaining("no owner line");
        assertThatThrownBy(() -> ntfs.write(Path.of("x"), new Snapshot.Xattr(NtfsPermissions.ATTRIBUTE,
                "owner\tA\nALLOW\tA\t\tFLY\n".getBytes(StandardCharsets.UTF_8)))).hasMessageContaining("entry 1 is malformed");
        NtfsPermissions none = new NtfsPermissions(p -> null, new Accounts());
        assertThat(none.read(Path.of("x"))).isEmpty();
        assertThatThrownBy(() -> none.write(Path.of("x"), new Snapshot.Xattr(NtfsPermissions.ATTRIBUTE, new byte[0])))
                .hasMessageContaining("no NTFS permissions");
    }
}
