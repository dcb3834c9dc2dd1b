#Requires -Version 5.1
<#
.SYNOPSIS
    Runs the VaultFleet agent and starts it again when it exits (the scheduled task's own restart only covers a
    task that fails to start). Writes the agent's process id to agent.pid in the cache folder for uninstall.ps1.
    Installs an upgrade the agent staged (fleet-agent.jar.new, exit code 75) while no JVM holds the jar, keeps the
    previous jar until the new version confirms, and puts it back when the new version asks (exit code 76) or fails
    to start three times.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)] [string] $JavaPath,
    [Parameter(Mandatory = $true)] [string] $JarPath,
    [Parameter(Mandatory = $true)] [string] $CacheFolder,
    [Parameter(Mandatory = $true)] [string] $ConsoleUrl
)

$ErrorActionPreference = 'Stop'
$pidFile = Join-Path $CacheFolder 'agent.pid'
$delaySeconds = 5
$staged = "$JarPath.new"
$previous = "$JarPath.previous"
$failuresOnTrial = 0
while ($true) {
    if (Test-Path -LiteralPath $staged) {
        Copy-Item -LiteralPath $JarPath -Destination $previous -Force
        Move-Item -LiteralPath $staged -Destination $JarPath -Force
        $failuresOnTrial = 0
    }
    $started = Get-Date
    $process = Start-Process -FilePath $JavaPath -PassThru -NoNewWindow -ArgumentList @(
        '--enable-native-access=ALL-UNNAMED', '-jar', "`"$JarPath`"", 'run', '--console', "`"$ConsoleUrl`"", '--home', "`"$CacheFolder`"")
    Set-Content -LiteralPath $pidFile -Value $process.Id -Encoding ASCII
    $null = $process.Handle  # keeps the handle so ExitCode is available after the wait
    $process.WaitForExit()
    $code = $process.ExitCode
    if (Test-Path -LiteralPath (Join-Path $CacheFolder 'uninstalling')) { break }
    if ($code -eq 75) { continue }
    if (Test-Path -LiteralPath $previous) {
        if ($code -eq 76) { $failuresOnTrial = 3 } elseif ($code -ne 0) { $failuresOnTrial++ }
        if ($failuresOnTrial -ge 3) {
            Move-Item -LiteralPath $previous -Destination $JarPath -Force
            $failuresOnTrial = 0
            continue
        }
    }
    # Back off when it keeps failing fast, up to five minutes; reset after a run longer than ten minutes.
    if (((Get-Date) - $started).TotalMinutes -gt 10) { $delaySeconds = 5 } else { $delaySeconds = [Math]::Min($delaySeconds * 2, 300) }
    Start-Sleep -Seconds $delaySeconds
}
