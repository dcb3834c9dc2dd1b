package io.vaultfleet.agent.cli;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.Callable;

import io.vaultfleet.agent.enrollment.ConsoleConnection;
import io.vaultfleet.agent.enrollment.Enroller;
import io.vaultfleet.agent.enrollment.EnrollmentRefusedException;
import io.vaultfleet.agent.host.AgentHome;
import io.vaultfleet.agent.host.AgentVersion;
import io.vaultfleet.agent.host.HostInfo;
import io.vaultfleet.agent.identity.AgentIdentity;
import io.vaultfleet.agent.identity.OwnerOnlyFiles;
import io.vaultfleet.agent.net.ProxySettings;
import io.vaultfleet.agent.platform.SecretProtection;
import io.vaultfleet.agent.platform.current.CurrentPlatform;
import io.vaultfleet.protocol.enrollment.EnrollmentResult;
import io.vaultfleet.protocol.enrollment.Passphrase;
import io.vaultfleet.protocol.identity.AgentKeys;
import io.vaultfleet.protocol.vault.CredentialsVerifier;
import io.vaultfleet.protocol.vault.VaultCredentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fleet-agent register}: joins this server to a vault, as the MARS agent's Register Server wizard does. The
 * passphrase and the private key stay on this server.
 */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = "Register this server with a Recovery Services vault using a vault credentials file.")
public final class RegisterCommand implements Callable<Integer> {
    static final String PASSPHRASE_FILE = "secrets/passphrase";

    @Spec
    CommandSpec spec;

    @Option(names = "--vault-credentials", required = true, paramLabel = "FILE",
            description = "The vault credentials file downloaded from the vault's Prepare infrastructure page")
    Path credentialsFile;

    @Option(names = "--home", paramLabel = "DIR", description = "Agent state folder (default: platform specific)")
    Path home;

    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "Read the encryption passphrase from FILE (at least 16 characters)")
    Path passphraseFile;

    @Option(names = "--generate-passphrase",
            description = "Generate a strong passphrase; it is shown once and saved to --save-passphrase-to")
    boolean generatePassphrase;

    @Option(names = "--save-passphrase-to", paramLabel = "FILE",
            description = "Also save the passphrase to FILE (owner-only; keep a copy off this server)")
    Path savePassphraseTo;

    @Option(names = "--proxy", paramLabel = "URL", description = "HTTP proxy, e.g. http://proxy.example:3128")
    URI proxy;

    @Option(names = "--proxy-user", paramLabel = "NAME", description = "User name for an authenticated proxy")
    String proxyUser;

    @Option(names = "--proxy-password-file", paramLabel = "FILE", description = "Password for the proxy, read from FILE")
    Path proxyPasswordFile;

    @Option(names = "--allow-insecure-http",
            description = "Accept a console on plain http:// (development only: nothing protects the channel)")
    boolean allowInsecureHttp;

    @Option(names = "--force", description = "Replace an existing registration of this agent home")
    boolean force;

    @Option(names = "--host-name", paramLabel = "NAME", hidden = true,
            description = "Name to register instead of the machine's host name (tests run several agents on one host)")
    String hostName;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        AgentHome agentHome = AgentHome.resolve(home);
        if (AgentIdentity.load(agentHome.root(), CurrentPlatform.secretProtection()).isPresent() && !force) {
            throw new IllegalArgumentException("this agent is already registered (" + agentHome.root().resolve(AgentIdentity.FILE)
                    + "); use --force to register it again");
        }
        byte[] file = readCredentials();
        CredentialsVerifier.Verification check = CredentialsVerifier.selfContained(Clock.systemUTC()).verify(file);
        if (check.credentials() != null && check.credentials().restoreOnly()) {
            // refused before any connection: the console would refuse it too, by the same purpose
            throw new IllegalArgumentException(restoreOnlyRefusal(check.credentials().vaultName()));
        }
        if (!check.valid()) {
            throw new IllegalArgumentException("the vault credentials file cannot be used (" + check.outcome() + "): "
                    + check.reason());
        }
        VaultCredentials credentials = check.credentials();
        if ("http".equalsIgnoreCase(credentials.consoleUrl().getScheme()) && !allowInsecureHttp) {
            throw new IllegalArgumentException("the console " + credentials.consoleUrl() + " is on plain http://; "
                    + "refusing to register without --allow-insecure-http (development only)");
        }
        if (savePassphraseTo != null && Files.exists(savePassphraseTo)) {
            throw new IllegalArgumentException(savePassphraseTo + " already exists; not overwriting it");
        }
        Passphrase passphrase = choosePassphrase(out);
        try {
            ProxySettings proxySettings = proxySettings();
            ConsoleConnection connection = new ConsoleConnection(credentials.consoleUrl(),
                    credentials.consoleCertificateSha256(), proxySettings);
            HostInfo host = hostName == null ? HostInfo.current() : HostInfo.current().withHostName(hostName);
            KeyPair keys = AgentKeys.generate();
            EnrollmentResult result;
            try {
                result = new Enroller(connection, Clock.systemUTC()).enroll(file, host, AgentVersion.current(), keys);
            } catch (EnrollmentRefusedException e) {
                spec.commandLine().getErr().println("fleet-agent register: " + e.getMessage());
                return ExitCodes.REFUSED;
            } catch (IOException e) {
                spec.commandLine().getErr().println("fleet-agent register: " + e.getMessage());
                return ExitCodes.ERROR;
            }
            storePassphrase(agentHome, passphrase);
            AgentIdentity.of(result.serverId(), credentials.consoleUrl().toString(), result.vaultName(), keys,
                    CredentialsVerifier.signingKeyOf(file), credentials.consoleCertificateSha256()).save(agentHome.root(), CurrentPlatform.secretProtection());
            // the service, backups and upgrades reach the console and storage the way registration did
            if (proxySettings != null) {
                proxySettings.save(agentHome.root(), CurrentPlatform.secretProtection());
            } else {
                ProxySettings.clear(agentHome.root());
            }
            out.println("Registered server '" + result.serverName() + "' in vault '" + result.vaultName() + "'"
                    + (result.reattached() ? " (reattached to its earlier backups)" : "") + ".");
            out.println("Server id: " + result.serverId());
            out.println("Start the agent service to connect: fleet-agent run --home " + agentHome.root());
            return 0;
        } finally {
            passphrase.wipe();
        }
    }

    /** Why a restore-only file registers nothing, and what to do with it instead. */
    static String restoreOnlyRefusal(String vaultName) {
        return "this is a secondary-region (restore-only) credentials file of vault '" + vaultName + "': it restores "
                + "recovery points from the vault's secondary copy (fleet-agent restore --credentials FILE --server "
                + "NAME) and never registers a server. To register, download vault credentials from the vault's "
                + "Prepare infrastructure page.";
    }

    private byte[] readCredentials() throws IOException {
        if (!Files.isRegularFile(credentialsFile)) {
            throw new IllegalArgumentException("no vault credentials file at " + credentialsFile);
        }
        if (Files.size(credentialsFile) > 64 * 1024) {
            throw new IllegalArgumentException(credentialsFile + " is too large to be a vault credentials file");
        }
        return Files.readAllBytes(credentialsFile);
    }

    private Passphrase choosePassphrase(PrintWriter out) throws IOException {
        if (generatePassphrase && passphraseFile != null) {
            throw new IllegalArgumentException("give either --generate-passphrase or --passphrase-file, not both");
        }
        if (generatePassphrase) {
            if (savePassphraseTo == null) {
                throw new IllegalArgumentException("--generate-passphrase needs --save-passphrase-to FILE: a generated "
                        + "passphrase that is not kept somewhere safe means backups that cannot be recovered");
            }
            Passphrase generated = Passphrase.generate();
            out.println("Generated encryption passphrase (shown once):");
            out.println();
            out.println("    " + new String(generated.chars()));
            out.println();
            out.println("WARNING: keep it outside this server. Without it the backups of this server cannot be");
            out.println("recovered by anyone, including the console's administrators.");
            return generated;
        }
        if (passphraseFile != null) {
            String text = Files.readString(passphraseFile, StandardCharsets.UTF_8);
            text = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                    : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
            return Passphrase.of(text.toCharArray());
        }
        Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("no terminal to ask for the passphrase: give --passphrase-file FILE or "
                    + "--generate-passphrase --save-passphrase-to FILE");
        }
        char[] first = console.readPassword("Encryption passphrase (at least %d characters): ", Passphrase.MIN_LENGTH);
        char[] second = console.readPassword("Type it again: ");
        try {
            if (!Arrays.equals(first, second)) {
                throw new IllegalArgumentException("the two passphrases differ");
            }
            return Passphrase.of(first);
        } finally {
            Arrays.fill(first, '\0');
            if (second != null) {
                Arrays.fill(second, '\0');
            }
        }
    }

    private ProxySettings proxySettings() throws IOException {
        if (proxy == null) {
            if (proxyUser != null || proxyPasswordFile != null) {
                throw new IllegalArgumentException("--proxy-user and --proxy-password-file need --proxy");
            }
            return null;
        }
        if (proxyPasswordFile != null && proxyUser == null) {
            throw new IllegalArgumentException("--proxy-password-file needs --proxy-user");
        }
        char[] password = proxyPasswordFile == null ? null
                : Files.readString(proxyPasswordFile, StandardCharsets.UTF_8).strip().toCharArray();
        return new ProxySettings(proxy, proxyUser, password);
    }

    /**
     * The service needs the passphrase for scheduled backups: kept in the agent home through {@link SecretProtection}
     * (DPAPI machine scope on Windows, owner-only elsewhere).
     */
    private void storePassphrase(AgentHome agentHome, Passphrase passphrase) throws IOException {
        byte[] bytes = new String(passphrase.chars()).getBytes(StandardCharsets.UTF_8);
        try {
            Path kept = agentHome.root().resolve(PASSPHRASE_FILE);
            Files.createDirectories(kept.getParent());
            CurrentPlatform.secretProtection().store(kept, bytes);
            if (savePassphraseTo != null) {
                OwnerOnlyFiles.writeNew(savePassphraseTo, bytes);
            }
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
