#Requires -Version 5.1
<#
.SYNOPSIS
    Runs the VaultFleet agent and starts it again when it exits (the scheduled task's own restart only covers a
    task that fails to start). Writes the agent's process id to agent.pid in the cache folder for uninstall.ps1.
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
while ($true) {
    $started = Get-Date
    $process = Start-Process -FilePath $JavaPath -PassThru -NoNewWindow -ArgumentList @(
        '--enable-native-access=ALL-UNNAMED', '-jar', "`"$JarPath`"", 'run', '--console', "`"$ConsoleUrl`"", '--home', "`"$CacheFolder`"")
    Set-Content -LiteralPath $pidFile -Value $process.Id -Encoding ASCII
    $process.WaitForExit()
    if (Test-Path -LiteralPath (Join-Path $CacheFolder 'uninstalling')) { break }
    # Back off when it keeps failing fast, up to five minutes; reset after a run longer than ten minutes.
    if (((Get-Date) - $started).TotalMinutes -gt 10) { $delaySeconds = 5 } else { $delaySeconds = [Math]::Min($delaySeconds * 2, 300) }
    Start-Sleep -Seconds $delaySeconds
}
