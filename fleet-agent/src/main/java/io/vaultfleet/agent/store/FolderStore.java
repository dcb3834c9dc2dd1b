package io.vaultfleet.agent.store;

import java.io.IOException;
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
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;

import io.vaultfleet.agent.platform.HeapChannelIo;

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
            HeapChannelIo.write(ch, data, offset, length);
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

    /** Copies the file to a temporary file beside the target (1 MiB at a time), flushes it to disk and renames it. */
    @Override
    public void putFile(String name, Path file) throws IOException {
        Path target = file(name);
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling(target.getFileName() + TEMP_SUFFIX + UUID.randomUUID());
        try {
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
                    FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                long size = in.size();
                for (long done = 0; done < size; ) {
                    done += in.transferTo(done, Math.min(1 << 20, size - done), ch);
                }
                ch.force(false);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public byte[] get(String name) throws IOException {
        try (FileChannel ch = FileChannel.open(file(name), StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE - 16) {
                throw new IOException(name + " is too large to read whole");
            }
            return read(ch, 0, (int) size);
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(name);
        }
    }

    @Override
    public int getInto(String name, byte[] buffer) throws IOException {
        try (FileChannel ch = FileChannel.open(file(name), StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > buffer.length) {
                throw new IOException(name + " is larger than expected (" + size + " bytes)");
            }
            return HeapChannelIo.read(ch, 0, buffer, 0, (int) size);
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(name);
        }
    }

    private static byte[] read(FileChannel ch, long offset, int length) throws IOException {
        byte[] out = new byte[length];
        int done = HeapChannelIo.read(ch, offset, out, 0, length);
        return done == length ? out : Arrays.copyOf(out, done);
    }


    @Override
    public byte[] getRange(String name, long offset, int length) throws IOException {
        try (FileChannel ch = FileChannel.open(file(name), StandardOpenOption.READ)) {
            long available = Math.max(0, ch.size() - offset);
            return read(ch, offset, (int) Math.min(length, available));
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(name);
        }
    }

    @Override
    public int getRangeInto(String name, long offset, int length, byte[] buffer) throws IOException {
        if (length > buffer.length) {
            throw new IllegalArgumentException("a buffer of " + buffer.length + " bytes cannot hold " + length);
        }
        try (FileChannel ch = FileChannel.open(file(name), StandardOpenOption.READ)) {
            long available = Math.max(0, ch.size() - offset);
            return HeapChannelIo.read(ch, offset, buffer, 0, (int) Math.min(length, available));
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
        walk(prefix, (name, attrs) -> {
            if (!name.contains(TEMP_SUFFIX)) {
                result.add(new BlobInfo(name, attrs.size()));
            }
        });
        return result;
    }

    /**
     * Hands every file whose name (relative, with {@code /}) starts with {@code prefix} to {@code visitor}, walking only
     * the folder the prefix names; files that cannot be read are passed over.
     */
    private void walk(String prefix, BiConsumer<String, BasicFileAttributes> visitor) throws IOException {
        int cut = prefix.lastIndexOf('/');
        Path start = cut < 0 ? root : root.resolve(prefix.substring(0, cut));
        if (!Files.isDirectory(start)) {
            return;
        }
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String name = root.relativize(file).toString().replace('\\', '/');
                if (name.startsWith(prefix)) {
                    visitor.accept(name, attrs);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public void delete(String name) throws IOException {
        Files.deleteIfExists(file(name));
    }

    /** A folder repository used directly: the agent owns it and may move damaged files aside. */
    @Override
    public boolean agentMayDelete() {
        return true;
    }

    @Override
    public List<TempFile> listTemporary(String prefix) throws IOException {
        List<TempFile> result = new ArrayList<>();
        walk(prefix, (name, attrs) -> {
            int temp = name.lastIndexOf(TEMP_SUFFIX);
            if (temp > 0) {
                result.add(new TempFile(name, name.substring(0, temp), attrs.size(),
                        attrs.lastModifiedTime().toInstant()));
            }
        });
        return result;
    }

    @Override
    public byte[] getTemporary(TempFile file) throws IOException {
        if (!file.name().contains(TEMP_SUFFIX)) {
            throw new IllegalArgumentException("not a temporary file: " + file.name());
        }
        return Files.readAllBytes(file(file.name()));
    }

    @Override
    public void deleteTemporary(TempFile file) throws IOException {
        if (!file.name().contains(TEMP_SUFFIX)) {
            throw new IllegalArgumentException("not a temporary file: " + file.name());
        }
        Files.deleteIfExists(file(file.name()));
    }

    @Override
    public String describe() {
        return "folder:" + root;
    }
}
