package io.vaultfleet.agent.platform.windows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.sun.jna.Native;
import com.sun.jna.Structure;
import com.sun.jna.WString;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;

/**
 * {@link AlternateStreams.Api} on Win32 through JNA: {@code FindFirstStreamW}/{@code FindNextStreamW} list the
 * streams (jna-platform has no binding for them), {@code CreateFileW} on {@code <path>:<stream>} reads and writes
 * one. Only tested with recorded outputs: this class has never run (it loads kernel32 on first use, on Windows only);
 * {@code AlternateStreamsTest} drives the logic above it through a fake.
 */
public final class Win32AlternateStreams implements AlternateStreams.Api {
    private static final int ERROR_HANDLE_EOF = 38;
    private static final int FIND_STREAM_INFO_STANDARD = 0;

    /** {@code WIN32_FIND_STREAM_DATA}: LARGE_INTEGER StreamSize; WCHAR cStreamName[MAX_PATH + 36]. */
    @Structure.FieldOrder({"StreamSize", "cStreamName"})
    public static final class FindStreamData extends Structure {
        public long StreamSize;
        public char[] cStreamName = new char[260 + 36];
    }

    interface Streams extends StdCallLibrary {
        WinNT.HANDLE FindFirstStreamW(WString fileName, int infoLevel, FindStreamData data, int flags);

        boolean FindNextStreamW(WinNT.HANDLE find, FindStreamData data);

        boolean FindClose(WinNT.HANDLE find);
    }

    private static final class Holder {
        static final Streams STREAMS = Native.load("kernel32", Streams.class);
    }

    @Override
    public List<AlternateStreams.Stream> list(Path path) throws IOException {
        FindStreamData data = new FindStreamData();
        WinNT.HANDLE find = Holder.STREAMS.FindFirstStreamW(new WString(path.toString()), FIND_STREAM_INFO_STANDARD,
                data, 0);
        if (WinBase.INVALID_HANDLE_VALUE.equals(find)) {
            int error = Kernel32.INSTANCE.GetLastError();
            if (error == ERROR_HANDLE_EOF) {
                return List.of(); // no stream at all (a folder without named streams)
            }
            throw new IOException("FindFirstStreamW failed: error " + error);
        }
        List<AlternateStreams.Stream> streams = new ArrayList<>();
        try {
            do {
                String raw = Native.toString(data.cStreamName); // ":name:$DATA", "::$DATA" for the content
                if (raw.startsWith(":") && raw.endsWith(":$DATA") && raw.length() > ":$DATA".length() + 1) {
                    streams.add(new AlternateStreams.Stream(raw.substring(1, raw.length() - ":$DATA".length()),
                            data.StreamSize));
                }
            } while (Holder.STREAMS.FindNextStreamW(find, data));
            int error = Kernel32.INSTANCE.GetLastError();
            if (error != ERROR_HANDLE_EOF) {
                throw new IOException("FindNextStreamW failed: error " + error);
            }
        } finally {
            Holder.STREAMS.FindClose(find);
        }
        return streams;
    }

    @Override
    public byte[] read(Path path, String stream) throws IOException {
        WinNT.HANDLE h = open(path, stream, WinNT.GENERIC_READ, WinNT.OPEN_EXISTING);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[16 * 1024];
            IntByReference n = new IntByReference();
            while (true) {
                if (!Kernel32.INSTANCE.ReadFile(h, buf, buf.length, n, null)) {
                    throw new IOException("ReadFile failed: error " + Kernel32.INSTANCE.GetLastError());
                }
                if (n.getValue() == 0) {
                    return out.toByteArray();
                }
                out.write(buf, 0, n.getValue());
                if (out.size() > AlternateStreams.MAX_KEPT) {
                    throw new IOException("stream grew over " + AlternateStreams.MAX_KEPT + " bytes while read");
                }
            }
        } finally {
            Kernel32.INSTANCE.CloseHandle(h);
        }
    }

    @Override
    public void write(Path path, String stream, byte[] content) throws IOException {
        WinNT.HANDLE h = open(path, stream, WinNT.GENERIC_WRITE, WinNT.CREATE_ALWAYS);
        try {
            IntByReference n = new IntByReference();
            if (!Kernel32.INSTANCE.WriteFile(h, content, content.length, n, null) || n.getValue() != content.length) {
                throw new IOException("WriteFile failed: error " + Kernel32.INSTANCE.GetLastError());
            }
        } finally {
            Kernel32.INSTANCE.CloseHandle(h);
        }
    }

    private static WinNT.HANDLE open(Path path, String stream, int access, int disposition) throws IOException {
        // FILE_FLAG_BACKUP_SEMANTICS: folders have streams too
        WinNT.HANDLE h = Kernel32.INSTANCE.CreateFile(path + ":" + stream, access, WinNT.FILE_SHARE_READ
                | WinNT.FILE_SHARE_WRITE | WinNT.FILE_SHARE_DELETE, null, disposition,
                WinNT.FILE_FLAG_BACKUP_SEMANTICS, null);
        if (WinBase.INVALID_HANDLE_VALUE.equals(h)) {
            throw new IOException("CreateFile " + stream + " failed: error " + Kernel32.INSTANCE.GetLastError());
        }
        return h;
    }
}
