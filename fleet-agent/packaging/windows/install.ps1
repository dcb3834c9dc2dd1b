#Requires -Version 5.1
#Requires -RunAsAdministrator
<#
.SYNOPSIS
    Installs the VaultFleet agent on Windows Server as a startup task running as SYSTEM, restarted on failure.

.DESCRIPTION
    Copies the agent jar into the install folder, locks the cache folder (agent state, secrets, System State staging)
    to SYSTEM and Administrators, registers the scheduled task "VaultFleet Agent" (at startup, as SYSTEM, highest
    privileges, restarted on failure) and starts it. With -VaultCredentials it first registers this server with the
    vault (fleet-agent register --vault-credentials FILE).

    Why a scheduled task and not a service: a Windows service needs a wrapper that speaks to the Service Control
    Manager; none that is open source is obtainable from this project's package registries (WinSW is published
    only as GitHub release binaries). The task runs agent-loop.ps1, which restarts the agent when it exits.

.EXAMPLE
    .\install.ps1 -ConsoleUrl https://backup.example.com:8443 -VaultCredentials C:\Temp\vault.VaultCredentials
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)]
    [string] $ConsoleUrl,

    [string] $InstallFolder = (Join-Path $env:ProgramFiles 'VaultFleet Agent'),

    [string] $CacheFolder = (Join-Path $env:ProgramData 'VaultFleet\Agent'),

    [string] $JarPath = (Join-Path $PSScriptRoot 'fleet-agent.jar'),

    [string] $JavaPath = '',

    [string] $VaultCredentials = '',

    [switch] $InstallWindowsServerBackup,

    # Register with a console on plain http:// (the console's default; development only).
    [switch] $AllowInsecureHttp
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$TaskName = 'VaultFleet Agent'

function Find-Java {
    param([string] $Explicit)
    if ($Explicit) { return $Explicit }
    $bundled = Join-Path $PSScriptRoot 'runtime\bin\java.exe'
    if (Test-Path -LiteralPath $bundled) { return $bundled }
    $onPath = Get-Command -Name 'java.exe' -ErrorAction SilentlyContinue
    if ($onPath) { return $onPath.Source }
    throw "No Java runtime found: put one in '$PSScriptRoot\runtime' or pass -JavaPath (Java 21 or later)."
}

if ($ConsoleUrl.StartsWith('http://', [System.StringComparison]::OrdinalIgnoreCase) -and -not $AllowInsecureHttp) {
    throw "The console $ConsoleUrl is on plain http://: add -AllowInsecureHttp to use it anyway (development only)."
}
if (-not (Test-Path -LiteralPath $JarPath)) {
    throw "Agent jar not found at '$JarPath' (pass -JarPath)."
}
if ($InstallFolder -eq $CacheFolder) {
    throw 'Choose different folders for -InstallFolder and -CacheFolder.'
}

# Install folder: program files only.
New-Item -ItemType Directory -Force -Path $InstallFolder | Out-Null
$java = Find-Java -Explicit $JavaPath
$bundledRuntime = Join-Path $PSScriptRoot 'runtime'
if (-not $JavaPath -and (Test-Path -LiteralPath $bundledRuntime)) {
    Copy-Item -Recurse -Force -Path $bundledRuntime -Destination $InstallFolder
    $java = Join-Path $InstallFolder 'runtime\bin\java.exe'
}
$agentJar = Join-Path $InstallFolder 'fleet-agent.jar'
Copy-Item -Force -LiteralPath $JarPath -Destination $agentJar
Copy-Item -Force -LiteralPath (Join-Path $PSScriptRoot 'agent-loop.ps1') -Destination $InstallFolder
Copy-Item -Force -LiteralPath (Join-Path $PSScriptRoot 'uninstall.ps1') -Destination $InstallFolder

# Cache folder: agent state, DPAPI-protected secrets, System State staging. SYSTEM and Administrators only.
New-Item -ItemType Directory -Force -Path $CacheFolder | Out-Null
& icacls.exe $CacheFolder /inheritance:r /grant:r '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F' | Out-Null
if ($LASTEXITCODE -ne 0) { throw "icacls could not restrict '$CacheFolder' (exit code $LASTEXITCODE)." }

# System State needs Windows Server Backup (wbadmin).
$feature = $null
if (Get-Command -Name 'Get-WindowsFeature' -ErrorAction SilentlyContinue) {
    $feature = Get-WindowsFeature -Name 'Windows-Server-Backup' -ErrorAction SilentlyContinue
}
if ($feature -and -not $feature.Installed) {
    if ($InstallWindowsServerBackup) {
        Install-WindowsFeature -Name 'Windows-Server-Backup' | Out-Null
    } else {
        Write-Warning 'Windows Server Backup is not installed: System State backup needs it. Run  Install-WindowsFeature -Name Windows-Server-Backup  or re-run this script with -InstallWindowsServerBackup.'
    }
}

# Register with the vault first, so a bad credentials file stops the installation before the task exists.
if ($VaultCredentials) {
    if (-not (Test-Path -LiteralPath $VaultCredentials)) { throw "Vault credentials file '$VaultCredentials' not found." }
    $register = @('--enable-native-access=ALL-UNNAMED', '-jar', $agentJar, 'register', '--vault-credentials', $VaultCredentials, '--home', $CacheFolder)
    if ($AllowInsecureHttp) { $register += '--allow-insecure-http' }
    & $java @register
    if ($LASTEXITCODE -ne 0) { throw "Registration failed (fleet-agent register exit code $LASTEXITCODE); the agent is installed but not started." }
}

# The startup task: SYSTEM, highest privileges, restarted on failure, never stopped for running long.
$existing = Get-ScheduledTask -TaskName $TaskName -ErrorAction SilentlyContinue
if ($existing) {
    Stop-ScheduledTask -TaskName $TaskName -ErrorAction SilentlyContinue
    Unregister-ScheduledTask -TaskName $TaskName -Confirm:$false
}
$loop = Join-Path $InstallFolder 'agent-loop.ps1'
$arguments = "-NoProfile -NonInteractive -ExecutionPolicy Bypass -File `"$loop`" -JavaPath `"$java`" -JarPath `"$agentJar`" -CacheFolder `"$CacheFolder`" -ConsoleUrl `"$ConsoleUrl`""
$action = New-ScheduledTaskAction -Execute 'powershell.exe' -Argument $arguments -WorkingDirectory $InstallFolder
$trigger = New-ScheduledTaskTrigger -AtStartup
$principal = New-ScheduledTaskPrincipal -UserId 'SYSTEM' -LogonType ServiceAccount -RunLevel Highest
$settings = New-ScheduledTaskSettingsSet -RestartCount 999 -RestartInterval (New-TimeSpan -Minutes 1) `
    -ExecutionTimeLimit ([TimeSpan]::Zero) -StartWhenAvailable -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries `
    -MultipleInstances IgnoreNew
Register-ScheduledTask -TaskName $TaskName -Description 'VaultFleet backup agent' -Action $action -Trigger $trigger `
    -Principal $principal -Settings $settings | Out-Null
Start-ScheduledTask -TaskName $TaskName

Write-Host "VaultFleet agent installed in '$InstallFolder', cache in '$CacheFolder', task '$TaskName' started."
Write-Host "Check it with:  & '$java' -jar '$agentJar' status --home '$CacheFolder'"
