package io.vaultfleet.agent.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The install scripts. The .ps1 files are parsed with the tree-sitter PowerShell grammar (npm, installed into
 * target/ on first use; a community grammar, not Microsoft's own parser, which is not obtainable here), get a lexical
 * check that needs nothing, and their parameters are checked; docs/windows.md has the reviewed checklist. The Linux
 * script and unit are checked with bash -n and systemd-analyze where those exist.
 */
class PackagingScriptsTest {
    private static final Path WINDOWS = Path.of("packaging/windows");
    private static final Path LINUX = Path.of("packaging/linux");

    private static String read(Path p) throws IOException {
        return Files.readString(p);
    }

    @ParameterizedTest
    @ValueSource(strings = {"install.ps1", "uninstall.ps1", "agent-loop.ps1", "VaultFleet.psm1"})
    void powerShellScriptsAreLexicallyWellFormed(String script) throws IOException {
        assertThat(PowerShellLexicalCheck.problems(read(WINDOWS.resolve(script)))).isEmpty();
    }

    @Test
    void powerShellScriptsParseWithTheTreeSitterPowerShellGrammar() throws Exception {
        Assumptions.assumeTrue(onPath("node") && onPath("npm"), "node/npm not here: PowerShell grammar parse skipped");
        Path check = Path.of("target/ps-parse-check").toAbsolutePath();
        if (!Files.isDirectory(check.resolve("node_modules/tree-sitter-powershell"))) {
            Files.createDirectories(check);
            for (String f : new String[] {"package.json", "package-lock.json", "parse.mjs"}) {
                Files.copy(WINDOWS.resolve("parse-check").resolve(f), check.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(check.toFile())
                    .redirectErrorStream(true).redirectOutput(check.resolve("npm-install.log").toFile()).start();
            boolean done = npm.waitFor(5, TimeUnit.MINUTES);
            assertThat(done && npm.exitValue() == 0)
                    .as("npm install of tree-sitter-powershell failed: see " + check.resolve("npm-install.log")).isTrue();
        }
        Process node = new ProcessBuilder("node", "parse.mjs", WINDOWS.resolve("install.ps1").toAbsolutePath().toString(),
                WINDOWS.resolve("uninstall.ps1").toAbsolutePath().toString(), WINDOWS.resolve("agent-loop.ps1").toAbsolutePath().toString(),
                WINDOWS.resolve("VaultFleet.psm1").toAbsolutePath().toString())
                .directory(check.toFile()).redirectErrorStream(true).start();
        String output = new String(node.getInputStream().readAllBytes());
        assertThat(node.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(node.exitValue()).as(output).isZero();
        assertThat(output).contains("install.ps1: parsed without errors").contains("uninstall.ps1: parsed without errors")
                .contains("agent-loop.ps1: parsed without errors").contains("VaultFleet.psm1: parsed without errors");
    }

    private static boolean onPath(String program) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    @Test
    void theLexicalCheckCatchesWhatBreaksParsing() {
        assertThat(PowerShellLexicalCheck.problems("if ($a) { Write-Host 'x' ")).containsExactly("line 1: '{' is never closed");
        assertThat(PowerShellLexicalCheck.problems("$a = \"open")).containsExactly("line 1: double-quoted string is never closed");
        assertThat(PowerShellLexicalCheck.problems("foo(\n]")).containsExactly("line 2: ']' closes '(' of line 1", "line 1: '(' is never closed");
        assertThat(PowerShellLexicalCheck.problems("# a } in a comment\n'it''s { fine' + \"`\"{\"")).isEmpty();
    }

    @Test
    void thePowerShellModuleExportsItsCmdletsEachWithHelp() throws IOException {
        String module = read(WINDOWS.resolve("VaultFleet.psm1"));
        String[] cmdlets = {"Connect-VFConsole", "Get-VFServer", "Start-VFBackup", "Get-VFJob", "Stop-VFJob",
            "Get-VFRecoveryPoint", "Get-VFPolicy", "Set-VFPolicy", "Get-VFAlert", "Get-VFRecoverableItem",
            "Start-VFRecovery"};
        assertThat(module).startsWith("#Requires -Version 5.1").contains("Export-ModuleMember -Function");
        for (String cmdlet : cmdlets) {
            int at = module.indexOf("function " + cmdlet + " {");
            assertThat(at).as(cmdlet + " is defined").isPositive();
            String body = module.substring(at, module.indexOf("\nfunction ", at + 1) < 0 ? module.length()
                    : module.indexOf("\nfunction ", at + 1));
            assertThat(body).as(cmdlet + " has comment-based help").contains("<#").contains(".SYNOPSIS")
                    .contains(".EXAMPLE").contains("[CmdletBinding(");
            assertThat(module.substring(module.indexOf("Export-ModuleMember"))).as(cmdlet + " is exported").contains(cmdlet);
        }
        // what PowerShell 7 alone has would break Windows PowerShell 5.1
        assertThat(module).doesNotContain("-SkipHttpErrorCheck").doesNotContain("-StatusCodeVariable")
                .doesNotContain("-SkipCertificateCheck").doesNotContain(" ?? ").doesNotContain("?.");
        assertThat(module).contains("-Wait").contains("If-Match").contains("Retry-After");
        // MSOnlineBackup's Start-OBRecovery choices, and the restore endpoints they call
        String recovery = module.substring(module.indexOf("function Start-VFRecovery {"));
        for (String parameter : new String[] {"Server", "RecoveryPoint", "Item", "Destination", "OverwriteExisting",
            "CreateCopies", "Skip", "RestorePermissions", "Wait"}) {
            assertThat(recovery).as("Start-VFRecovery -" + parameter).containsPattern("\\] \\$" + parameter + "\\b")
                    .contains(".PARAMETER " + parameter + "\n");
        }
        assertThat(module).contains("/restores\"").contains("/items'");
    }

    @Test
    void installTakesTheFoldersCredentialsAndConsoleAndNeedsAdministrator() throws IOException {
        String install = read(WINDOWS.resolve("install.ps1"));
        assertThat(PowerShellLexicalCheck.parameters(install)).containsExactly("ConsoleUrl", "InstallFolder", "CacheFolder",
                "JarPath", "JavaPath", "VaultCredentials", "InstallWindowsServerBackup", "AllowInsecureHttp");
        assertThat(install).contains("#Requires -RunAsAdministrator")
                .contains("'register', '--vault-credentials', $VaultCredentials")
                .contains("if ($AllowInsecureHttp) { $register += '--allow-insecure-http' }")
                .contains("New-ScheduledTaskTrigger -AtStartup")
                .contains("New-ScheduledTaskPrincipal -UserId 'SYSTEM' -LogonType ServiceAccount -RunLevel Highest")
                .contains("-RestartCount").contains("-RestartInterval")
                .contains("icacls.exe $CacheFolder /inheritance:r");
    }

    @Test
    void theLoopScriptTakesExactlyWhatInstallPassesIt() throws IOException {
        String install = read(WINDOWS.resolve("install.ps1"));
        for (String p : PowerShellLexicalCheck.parameters(read(WINDOWS.resolve("agent-loop.ps1")))) {
            assertThat(install).contains("-" + p + " `\"");
        }
    }

    @Test
    void uninstallRemovesTheTaskAndKeepsTheCacheUnlessAsked() throws IOException {
        String uninstall = read(WINDOWS.resolve("uninstall.ps1"));
        assertThat(PowerShellLexicalCheck.parameters(uninstall)).containsExactly("InstallFolder", "CacheFolder", "RemoveCache");
        assertThat(uninstall).contains("#Requires -RunAsAdministrator").contains("Unregister-ScheduledTask -TaskName $TaskName -Confirm:$false")
                .contains("if ($RemoveCache)");
        assertThat(read(WINDOWS.resolve("install.ps1"))).contains("$TaskName = 'VaultFleet Agent'");
        assertThat(uninstall).contains("$TaskName = 'VaultFleet Agent'");
    }

    @Test
    void linuxInstallScriptParsesWithBash() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash not here");
        Process bash = new ProcessBuilder("/bin/bash", "-n", LINUX.resolve("install.sh").toString()).redirectErrorStream(true).start();
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(new String(bash.getInputStream().readAllBytes())).isZero();
        assertThat(read(LINUX.resolve("install.sh"))).contains("--vault-credentials").contains("--install-dir")
                .contains("--cache-dir").contains("--uninstall").contains("systemctl enable --now vaultfleet-agent.service")
                .contains("register+=(--allow-insecure-http)").contains("--passphrase-file").contains("--root");
    }

    @Test
    void systemdUnitVerifiesOnceFilledIn(@TempDir Path dir) throws Exception {
        String unit = read(LINUX.resolve("vaultfleet-agent.service"));
        assertThat(unit).contains("Restart=on-failure").contains("WantedBy=multi-user.target").contains("UMask=0077");
        Path systemdAnalyze = Path.of("/usr/bin/systemd-analyze");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Assumptions.assumeTrue(Files.isExecutable(systemdAnalyze), "systemd-analyze not here");
        Path filled = dir.resolve("vaultfleet-agent.service");
        Path installDir = Files.createDirectories(dir.resolve("install"));
        Files.copy(LINUX.resolve("agent-loop.sh"), installDir.resolve("agent-loop.sh"));
        installDir.resolve("agent-loop.sh").toFile().setExecutable(true);
        Files.writeString(filled, unit.replace("@INSTALL_DIR@", installDir.toString()).replace("@CACHE_DIR@", "/var/lib/vaultfleet-agent")
                .replace("@JAVA@", java.toString()).replace("@CONSOLE_URL@", "https://backup.example.com:8443"));
        Process verify = new ProcessBuilder(systemdAnalyze.toString(), "verify", filled.toString()).redirectErrorStream(true).start();
        assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(verify.getInputStream().readAllBytes());
        assertThat(output).doesNotContain("vaultfleet-agent.service:");
    }
}
