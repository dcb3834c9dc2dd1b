package io.vaultfleet.agent.platform;

import java.nio.charset.Charset;

/** What a finished tool left: its exit code and the bytes it wrote. */
public record CommandResult(int exitCode, byte[] stdout, byte[] stderr) {
    public String stdoutText(Charset charset) {
        return new String(stdout, charset);
    }

    public String stderrText(Charset charset) {
        return new String(stderr, charset);
    }
}
