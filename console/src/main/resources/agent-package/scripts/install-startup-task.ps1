# Installs the VaultFleet agent as a scheduled task that starts at boot and runs as SYSTEM
# (for machines where a service wrapper is not wanted, e.g. Windows client editions).
# Run in an elevated PowerShell:  .\install-startup-task.ps1 [-InstallDir ...] [-Java java.exe]
param(
    [string]$InstallDir = "$env:ProgramFiles\VaultFleet Agent",
    [string]$Java = "java.exe"
)
$ErrorActionPreference = "Stop"
if (-not ([Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()).IsInRole(
        [Security.Principal.WindowsBuiltInRole]::Administrator)) {
    throw "Run this script in an elevated PowerShell (Run as administrator)."
}
$javaPath = (Get-Command $Java -ErrorAction Stop).Source
$jar = Get-ChildItem -Path $PSScriptRoot -Filter "fleet-agent-*-all.jar" | Select-Object -First 1
if (-not $jar) { throw "fleet-agent-*-all.jar not found next to this script." }
New-Item -ItemType Directory -Force -Path $InstallDir | Out-Null
Copy-Item $jar.FullName (Join-Path $InstallDir "fleet-agent.jar") -Force
icacls $InstallDir /inheritance:r /grant:r "SYSTEM:(OI)(CI)F" "Administrators:(OI)(CI)F" | Out-Null
$action = New-ScheduledTaskAction -Execute $javaPath `
    -Argument "--enable-native-access=ALL-UNNAMED -jar `"$InstallDir\fleet-agent.jar`" run --console @CONSOLE_URL@ --home `"$InstallDir\home`""
$trigger = New-ScheduledTaskTrigger -AtStartup
$principal = New-ScheduledTaskPrincipal -UserId "SYSTEM" -LogonType ServiceAccount -RunLevel Highest
$settings = New-ScheduledTaskSettingsSet -RestartCount 3 -RestartInterval (New-TimeSpan -Minutes 1) `
    -ExecutionTimeLimit ([TimeSpan]::Zero) -StartWhenAvailable
Register-ScheduledTask -TaskName "VaultFleet Agent" -Action $action -Trigger $trigger -Principal $principal `
    -Settings $settings -Force | Out-Null
Start-ScheduledTask -TaskName "VaultFleet Agent"
Write-Host "VaultFleet agent installed in $InstallDir as the startup task 'VaultFleet Agent' (runs as SYSTEM)."
