# Installs the VaultFleet agent as a Windows service running as LocalSystem.
# Run in an elevated PowerShell:  .\install-service.ps1 [-InstallDir "C:\Program Files\VaultFleet Agent"] [-Java java.exe]
# Needs Java 21 or newer. Refined by the Windows integration issue (service wrapper, DPAPI passphrase store).
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
# Only SYSTEM and Administrators may read the install folder (the agent keeps its key there).
icacls $InstallDir /inheritance:r /grant:r "SYSTEM:(OI)(CI)F" "Administrators:(OI)(CI)F" | Out-Null
$bin = "`"$javaPath`" --enable-native-access=ALL-UNNAMED -jar `"$InstallDir\fleet-agent.jar`" run --console @CONSOLE_URL@ --home `"$InstallDir\home`""
if (Get-Service -Name "VaultFleetAgent" -ErrorAction SilentlyContinue) {
    Stop-Service -Name "VaultFleetAgent" -Force -ErrorAction SilentlyContinue
    sc.exe delete VaultFleetAgent | Out-Null
}
New-Service -Name "VaultFleetAgent" -DisplayName "VaultFleet Backup Agent" -BinaryPathName $bin `
    -StartupType Automatic -Description "Backs up this server to its VaultFleet Recovery Services vault." | Out-Null
sc.exe failure VaultFleetAgent reset= 86400 actions= restart/60000/restart/60000/restart/300000 | Out-Null
Start-Service -Name "VaultFleetAgent"
Write-Host "VaultFleet agent installed in $InstallDir and started as the VaultFleetAgent service."
Write-Host "Next: register this server with the vault credentials file downloaded from the console."
