#Requires -Version 5.1
#Requires -RunAsAdministrator
<#
.SYNOPSIS
    Removes the VaultFleet agent: stops and unregisters the "VaultFleet Agent" task, stops the agent, deletes the
    install folder. The cache folder (agent identity, DPAPI-protected passphrase) is kept unless -RemoveCache is
    given: without it the server can be reinstalled and keep its registration.
#>
[CmdletBinding()]
param(
    [string] $InstallFolder = (Join-Path $env:ProgramFiles 'VaultFleet Agent'),

    [string] $CacheFolder = (Join-Path $env:ProgramData 'VaultFleet\Agent'),

    [switch] $RemoveCache
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$TaskName = 'VaultFleet Agent'

if (Test-Path -LiteralPath $CacheFolder) {
    New-Item -ItemType File -Force -Path (Join-Path $CacheFolder 'uninstalling') | Out-Null
}
$task = Get-ScheduledTask -TaskName $TaskName -ErrorAction SilentlyContinue
if ($task) {
    Stop-ScheduledTask -TaskName $TaskName -ErrorAction SilentlyContinue
    Unregister-ScheduledTask -TaskName $TaskName -Confirm:$false
}

# Stopping the task ends agent-loop.ps1, not necessarily the java process it started.
$pidFile = Join-Path $CacheFolder 'agent.pid'
if (Test-Path -LiteralPath $pidFile) {
    $agentPid = [int] (Get-Content -LiteralPath $pidFile -TotalCount 1)
    $agent = Get-Process -Id $agentPid -ErrorAction SilentlyContinue
    if ($agent -and $agent.ProcessName -like 'java*') {
        Stop-Process -Id $agentPid -Force
        $agent.WaitForExit(30000) | Out-Null
    }
    Remove-Item -Force -LiteralPath $pidFile
}

if (Test-Path -LiteralPath $InstallFolder) {
    Remove-Item -Recurse -Force -LiteralPath $InstallFolder
}
if ($RemoveCache) {
    if (Test-Path -LiteralPath $CacheFolder) { Remove-Item -Recurse -Force -LiteralPath $CacheFolder }
    Write-Host "VaultFleet agent removed, cache folder '$CacheFolder' deleted."
} else {
    if (Test-Path -LiteralPath (Join-Path $CacheFolder 'uninstalling')) { Remove-Item -Force -LiteralPath (Join-Path $CacheFolder 'uninstalling') }
    Write-Host "VaultFleet agent removed. The cache folder '$CacheFolder' is kept (registration and secrets); -RemoveCache deletes it."
}
