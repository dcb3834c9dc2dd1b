package io.vaultfleet.agent.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Blobs as files under a folder (local disk or a mounted share). A write goes to a temporary file, is flushed to
 * disk and renamed into place, so a crash never leaves a partial blob under its final name.
 */
public final class FolderStore implements BlobStore {
    private static final String TEMP_SUFFIX = ".tmp-";
    private final Path root;

    public FolderStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        Files.createDirectories(this.root);
    }

    public Path root() {
        return root;
    }

    private Path file(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.contains("..") || name.contains("\\")) {
            throw new IllegalArgumentException("bad blob name: " + name);
        }
        return root.resolve(name);
    }

    @Override
    public void put(String name, byte[] data, int offset, int length) throws IOException {
        Path target = file(name);
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling(target.getFileName() + TEMP_SUFFIX + UUID.randomUUID());
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(data, offset, length);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(false);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public byte[] get(String name) throws IOException {
        try {
            return Files.readAllBytes(file(name));
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(name);
        }
    }

    @Override
    public byte[] getRange(String name, long offset, int length) throws IOException {
        try (FileChannel ch = FileChannel.open(file(name), StandardOpenOption.READ)) {
            long available = Math.max(0, ch.size() - offset);
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(length, available));
            long pos = offset;
            while (buf.hasRemaining()) {
                int n = ch.read(buf, pos);
                if (n < 0) {
                    break;
                }
                pos += n;
            }
            return buf.position() == buf.capacity() ? buf.array() : java.util.Arrays.copyOf(buf.array(), buf.position());
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(name);
        }
    }

    @Override
    public long size(String name) throws IOException {
        try {
            return Files.size(file(name));
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(name);
        }
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        List<BlobInfo> result = new ArrayList<>();
        int cut = prefix.lastIndexOf('/');
        Path start = cut < 0 ? root : root.resolve(prefix.substring(0, cut));
        if (!Files.isDirectory(start)) {
            return result;
        }
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String name = root.relativize(file).toString().replace('\\', '/');
                if (name.startsWith(prefix) && !name.contains(TEMP_SUFFIX)) {
                    result.add(new BlobInfo(name, attrs.size()));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE;
            }
        });
        return result;
    }

    @Override
    public void delete(String name) throws IOException {
        Files.deleteIfExists(file(name));
    }

    @Override
    public String describe() {
        return "folder:" + root;
    }
}
