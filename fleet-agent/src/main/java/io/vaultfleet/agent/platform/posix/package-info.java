/**
 * Linux file metadata read and written through libc (JNA): raw file-name bytes, extended attributes. It sits above
 * {@code repo} because it speaks the snapshot format's {@code Snapshot.Xattr}.
 */
package io.vaultfleet.agent.platform.posix;
