#Requires -Version 5.1
<#
.SYNOPSIS
    VaultFleet: manage the backups of a fleet of servers from PowerShell through the console's REST API (/api/v1).

.DESCRIPTION
    Works on Windows PowerShell 5.1 and PowerShell 7. Names follow the MARS agent's MSOnlineBackup module where the
    fleet allows (Start-OBBackup -> Start-VFBackup, Get-OBJob -> Get-VFJob, Get-OBPolicy -> Get-VFPolicy,
    Start-OBRecovery -> Start-VFRecovery, ...), but act on any registered server of the console, not only the local
    one. Start-VFRecovery and Get-VFRecoverableItem use a server's OWN backups only: another server's backups need
    its passphrase, which is typed in the console's Recover Data wizard and never travels through the API.

    Connect first with an access token made in the console (My account > Access tokens):
        Import-Module .\VaultFleet.psm1
        Connect-VFConsole -Url https://backup.example.com:8443 -Token (Read-Host -AsSecureString 'Token')

    Errors from the console are RFC 9457 problem details; they are raised as terminating errors whose message is the
    console's own (with the field it is about). A 429 (too many requests) is retried after the console's Retry-After.
#>

Set-StrictMode -Version 3.0

$script:VFConnection = $null

function ConvertFrom-VFSecureToken {
    param([Parameter(Mandatory = $true)] [System.Security.SecureString] $Secure)
    $pointer = [System.Runtime.InteropServices.Marshal]::SecureStringToBSTR($Secure)
    try {
        return [System.Runtime.InteropServices.Marshal]::PtrToStringBSTR($pointer)
    } finally {
        [System.Runtime.InteropServices.Marshal]::ZeroFreeBSTR($pointer)
    }
}

function Invoke-VFRequest {
    # One API call: JSON in and out, problem details turned into errors, 429 retried after Retry-After.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Method,
        [Parameter(Mandatory = $true)] [string] $Path,
        [object] $Body,
        [string] $IfMatch,
        [switch] $WithETag
    )
    if ($null -eq $script:VFConnection) {
        throw 'Not connected: run Connect-VFConsole -Url <console> -Token <access token> first.'
    }
    $headers = @{ Authorization = 'Bearer ' + (ConvertFrom-VFSecureToken $script:VFConnection.Token); Accept = 'application/json' }
    if ($IfMatch) { $headers['If-Match'] = $IfMatch }
    $request = @{ Uri = $script:VFConnection.Url + $Path; Method = $Method; Headers = $headers; UseBasicParsing = $true }
    if ($null -ne $Body) {
        $request['Body'] = [System.Text.Encoding]::UTF8.GetBytes((ConvertTo-Json -InputObject $Body -Depth 20 -Compress))
        $request['ContentType'] = 'application/json; charset=utf-8'
    }
    for ($attempt = 1; ; $attempt++) {
        try {
            $response = Invoke-WebRequest @request -ErrorAction Stop
            $content = if ($response.Content -is [byte[]]) { [System.Text.Encoding]::UTF8.GetString($response.Content) } else { $response.Content }
            $result = if ([string]::IsNullOrWhiteSpace($content)) { $null } else { ConvertFrom-Json -InputObject $content }
            if ($WithETag) {
                $etag = $response.Headers['ETag']
                if ($etag -is [array]) { $etag = $etag[0] }
                return [pscustomobject]@{ Value = $result; ETag = [string]$etag }
            }
            return $result
        } catch {
            $status = 0
            $retryAfter = 1
            if ($null -ne $_.Exception.Response) {
                $status = [int]$_.Exception.Response.StatusCode
                $header = $_.Exception.Response.Headers['Retry-After']
                if ($header -is [array]) { $header = $header[0] }
                if ($header) { $retryAfter = [int]$header }
            }
            if ($status -eq 429 -and $attempt -lt 6) {
                Write-Verbose "The console asks to wait $retryAfter s (429)."
                Start-Sleep -Seconds $retryAfter
                continue
            }
            $message = $_.ErrorDetails.Message
            if ($message) {
                try {
                    $problem = ConvertFrom-Json -InputObject $message
                    $field = if ($problem.PSObject.Properties['field']) { " [$($problem.field)]" } else { '' }
                    throw "VaultFleet console: $($problem.status) $($problem.title)${field}: $($problem.detail)"
                } catch [System.ArgumentException] {
                    throw "VaultFleet console: HTTP $status $message"
                }
            }
            throw
        }
    }
}

function Get-VFPages {
    # Every item of a paged list, following nextCursor.
    param([Parameter(Mandatory = $true)] [string] $Path)
    $separator = if ($Path.Contains('?')) { '&' } else { '?' }
    $cursor = $null
    do {
        $page = Invoke-VFRequest -Method GET -Path ($Path + $separator + 'limit=500' + $(if ($cursor) { '&cursor=' + $cursor } else { '' }))
        foreach ($item in $page.items) { $item }
        $cursor = $page.nextCursor
    } while ($cursor)
}

function Join-VFQuery {
    param([hashtable] $Parameters)
    $parts = foreach ($key in $Parameters.Keys) {
        foreach ($value in @($Parameters[$key])) {
            if ($null -ne $value -and "$value" -ne '') { $key + '=' + [System.Uri]::EscapeDataString([string]$value) }
        }
    }
    if ($parts) { return '?' + ($parts -join '&') }
    return ''
}

function Connect-VFConsole {
    <#
    .SYNOPSIS
        Connects this PowerShell session to a VaultFleet console with an access token.
    .DESCRIPTION
        The token is made in the console under My account > Access tokens and acts with at most the role chosen
        there. It is kept in memory for this session only, as a SecureString. The connection is checked at once.
    .PARAMETER Url
        The console's address, e.g. https://backup.example.com:8443
    .PARAMETER Token
        The access token (vft_...), as a SecureString (Read-Host -AsSecureString) or plain text.
    .EXAMPLE
        Connect-VFConsole -Url https://backup.example.com:8443 -Token (Read-Host -AsSecureString 'Token')
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Url,
        [Parameter(Mandatory = $true)] [object] $Token
    )
    $secure = if ($Token -is [System.Security.SecureString]) { $Token } else { ConvertTo-SecureString -String ([string]$Token) -AsPlainText -Force }
    $script:VFConnection = [pscustomobject]@{ Url = $Url.TrimEnd('/'); Token = $secure }
    try {
        $null = Invoke-VFRequest -Method GET -Path '/api/v1/subscriptions?limit=1'
    } catch {
        $script:VFConnection = $null
        throw
    }
    Write-Verbose "Connected to $Url"
}

function Get-VFServer {
    <#
    .SYNOPSIS
        Lists the registered servers the token may see.
    .PARAMETER Name
        Only servers whose name contains this text.
    .PARAMETER VaultId
        Only the servers registered in this vault.
    .PARAMETER Status
        Only servers in this state: ONLINE, OFFLINE, ...
    .PARAMETER ServerId
        One server by id.
    .EXAMPLE
        Get-VFServer -VaultId $vault.id | Where-Object status -eq 'ONLINE'
    #>
    [CmdletBinding()]
    param(
        [string] $Name,
        [string] $VaultId,
        [string] $Status,
        [string] $ServerId
    )
    if ($ServerId) { return Invoke-VFRequest -Method GET -Path "/api/v1/servers/$ServerId" }
    Get-VFPages -Path ('/api/v1/servers' + (Join-VFQuery @{ name = $Name; vaultId = $VaultId; status = $Status }))
}

function Get-VFJob {
    <#
    .SYNOPSIS
        Lists backup jobs (newest first) with the console's Backup jobs filters, or one job with its stages.
    .PARAMETER JobId
        One job: returned with its stages (PRECHECK, SNAPSHOT, UPLOAD, FINALIZE).
    .PARAMETER ServerId
        Only this server's jobs.
    .PARAMETER VaultId
        Only this vault's jobs.
    .PARAMETER Status
        Only jobs in these states: QUEUED, IN_PROGRESS, COMPLETED, COMPLETED_WITH_WARNINGS, FAILED, CANCELLED.
    .PARAMETER StartedFrom
        Only jobs started at or after this time.
    .EXAMPLE
        Get-VFJob -Status FAILED -StartedFrom (Get-Date).AddDays(-1)
    #>
    [CmdletBinding()]
    param(
        [Parameter(ValueFromPipelineByPropertyName = $true)] [Alias('id')] [string] $JobId,
        [string] $ServerId,
        [string] $VaultId,
        [string[]] $Status,
        [Nullable[datetime]] $StartedFrom
    )
    process {
        if ($JobId) { return Invoke-VFRequest -Method GET -Path "/api/v1/jobs/$JobId" }
        $from = if ($StartedFrom) { $StartedFrom.Value.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ') } else { $null }
        Get-VFPages -Path ('/api/v1/jobs' + (Join-VFQuery @{ serverId = $ServerId; vaultId = $VaultId; status = $Status; startedFrom = $from }))
    }
}

function Start-VFBackup {
    <#
    .SYNOPSIS
        Back Up Now: starts an on-demand backup of servers or of a whole vault (like Start-OBBackup).
    .PARAMETER ServerId
        The servers to back up (one job each). Accepts registered servers from the pipeline (Get-VFServer).
    .PARAMETER VaultId
        Back up every server registered in this vault.
    .PARAMETER Item
        FILES_AND_FOLDERS (default, with -Path or the policy's), SYSTEM_STATE or SYSTEM_CONFIGURATION.
    .PARAMETER Path
        Files and folders to back up (FILES_AND_FOLDERS).
    .PARAMETER RetainUntil
        The last day this recovery point is kept (default: 30 days from today).
    .PARAMETER Wait
        Follow the jobs until they end and return them as they ended.
    .PARAMETER PollSeconds
        How often -Wait asks the console (default 5).
    .EXAMPLE
        Get-VFServer -Name web | Start-VFBackup -Item SYSTEM_STATE -Wait
    #>
    [CmdletBinding(DefaultParameterSetName = 'Servers')]
    param(
        [Parameter(ParameterSetName = 'Servers', Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [Alias('id')] [string[]] $ServerId,
        [Parameter(ParameterSetName = 'Vault', Mandatory = $true)] [string] $VaultId,
        [ValidateSet('FILES_AND_FOLDERS', 'SYSTEM_STATE', 'SYSTEM_CONFIGURATION')] [string] $Item = 'FILES_AND_FOLDERS',
        [string[]] $Path = @(),
        [Nullable[datetime]] $RetainUntil,
        [switch] $Wait,
        [int] $PollSeconds = 5
    )
    begin { $servers = New-Object System.Collections.Generic.List[string] }
    process { if ($ServerId) { foreach ($s in $ServerId) { $servers.Add($s) } } }
    end {
        $body = @{ item = $Item; paths = @($Path) }
        if ($RetainUntil) { $body['retainUntil'] = $RetainUntil.Value.ToString('yyyy-MM-dd') }
        if ($PSCmdlet.ParameterSetName -eq 'Vault') {
            $jobs = @(Invoke-VFRequest -Method POST -Path "/api/v1/vaults/$VaultId/backup" -Body $body)
        } else {
            $body['serverIds'] = @($servers)
            $jobs = @(Invoke-VFRequest -Method POST -Path '/api/v1/backups' -Body $body)
        }
        if (-not $Wait) { return $jobs }
        foreach ($job in $jobs) {
            while ($true) {
                $detail = Invoke-VFRequest -Method GET -Path "/api/v1/jobs/$($job.id)"
                if (@('QUEUED', 'IN_PROGRESS') -notcontains $detail.job.status) { $detail.job; break }
                Write-Progress -Activity "Backup of $($detail.job.serverName)" -Status "$($detail.job.status) $($detail.job.stage)"
                Start-Sleep -Seconds $PollSeconds
            }
        }
    }
}

function Stop-VFJob {
    <#
    .SYNOPSIS
        Cancels a running backup job; the agent stops it and reports it CANCELLED.
    .PARAMETER JobId
        The job, or jobs from the pipeline (Get-VFJob -Status IN_PROGRESS | Stop-VFJob).
    .EXAMPLE
        Get-VFJob -Status IN_PROGRESS -ServerId $id | Stop-VFJob
    #>
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([Parameter(Mandatory = $true, ValueFromPipelineByPropertyName = $true)] [Alias('id')] [string] $JobId)
    process {
        if ($PSCmdlet.ShouldProcess($JobId, 'Cancel backup job')) {
            Invoke-VFRequest -Method POST -Path "/api/v1/jobs/$JobId/cancel"
        }
    }
}

function Get-VFRecoveryPoint {
    <#
    .SYNOPSIS
        Lists a server's recovery points, newest first (like Get-OBAllRecoveryPoints).
    .PARAMETER ServerId
        The server, or servers from the pipeline (Get-VFServer).
    .EXAMPLE
        Get-VFServer -Name db01 | Get-VFRecoveryPoint | Select-Object -First 1
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, ValueFromPipelineByPropertyName = $true)] [Alias('id')] [string] $ServerId)
    process { Get-VFPages -Path "/api/v1/servers/$ServerId/recovery-points" }
}

function Get-VFPolicy {
    <#
    .SYNOPSIS
        Lists a vault's backup policies, or reads one (like Get-OBPolicy).
    .PARAMETER VaultId
        The vault whose policies to list.
    .PARAMETER PolicyId
        One policy.
    .EXAMPLE
        Get-VFPolicy -VaultId $vault.id | Select-Object id, @{ n = 'name'; e = { $_.settings.name } }
    #>
    [CmdletBinding()]
    param(
        [Parameter(ParameterSetName = 'Vault', Mandatory = $true)] [string] $VaultId,
        [Parameter(ParameterSetName = 'Policy', Mandatory = $true)] [string] $PolicyId
    )
    if ($PolicyId) { return Invoke-VFRequest -Method GET -Path "/api/v1/policies/$PolicyId" }
    Get-VFPages -Path "/api/v1/vaults/$VaultId/policies"
}

function Set-VFPolicy {
    <#
    .SYNOPSIS
        Changes a backup policy (like Set-OBPolicy); servers using it get the new version at once.
    .DESCRIPTION
        Reads the policy with its ETag, applies the changes given, and writes it back with If-Match: a policy changed
        meanwhile by someone else is refused by the console (412), never overwritten.
    .PARAMETER PolicyId
        The policy to change.
    .PARAMETER Name
        A new name.
    .PARAMETER Time
        New daily backup times (HH:mm, at most three).
    .PARAMETER RetentionDays
        How many days daily recovery points are kept.
    .PARAMETER AssignServerId
        Servers of the policy's vault that are to use this policy.
    .EXAMPLE
        Set-VFPolicy -PolicyId $policy.id -Time '22:00' -RetentionDays 60
    #>
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true)] [string] $PolicyId,
        [string] $Name,
        [string[]] $Time,
        [int] $RetentionDays,
        [string[]] $AssignServerId
    )
    $current = Invoke-VFRequest -Method GET -Path "/api/v1/policies/$PolicyId" -WithETag
    $settings = $current.Value.settings
    if ($Name) { $settings.name = $Name }
    if ($Time) { $settings.schedule.times = @($Time) }
    if ($RetentionDays) { $settings.retention.dailyDays = $RetentionDays }
    $result = $current.Value
    if ($PSCmdlet.ShouldProcess($PolicyId, 'Change backup policy')) {
        if ($Name -or $Time -or $RetentionDays) {
            $result = Invoke-VFRequest -Method PUT -Path "/api/v1/policies/$PolicyId" -Body $settings -IfMatch $current.ETag
        }
        if ($AssignServerId) {
            $result = Invoke-VFRequest -Method POST -Path "/api/v1/policies/$PolicyId/assign" -Body @{ serverIds = @($AssignServerId) }
        }
    }
    $result
}

function Get-VFAlert {
    <#
    .SYNOPSIS
        Lists backup alerts, newest first.
    .PARAMETER OpenOnly
        Only active and acknowledged alerts.
    .PARAMETER VaultId
        Only this vault's alerts.
    .PARAMETER ServerId
        Only this server's alerts.
    .EXAMPLE
        Get-VFAlert -OpenOnly | Where-Object severity -eq 'CRITICAL'
    #>
    [CmdletBinding()]
    param(
        [switch] $OpenOnly,
        [string] $VaultId,
        [string] $ServerId
    )
    Get-VFPages -Path ('/api/v1/alerts' + (Join-VFQuery @{ openOnly = $(if ($OpenOnly) { 'true' } else { $null }); vaultId = $VaultId; serverId = $ServerId }))
}

function Resolve-VFServerId {
    # A server id as given, or the id of the one registered server with exactly this name.
    param([Parameter(Mandatory = $true)] [string] $Server)
    $guid = [guid]::Empty
    if ([guid]::TryParse($Server, [ref]$guid)) { return $Server }
    $found = @(Get-VFServer -Name $Server | Where-Object { $_.name -eq $Server })
    if ($found.Count -eq 0) { throw "No registered server named '$Server' that this token may see." }
    if ($found.Count -gt 1) { throw "Several registered servers are named '$Server': give the server's id instead." }
    return [string]$found[0].id
}

function Get-VFRecoverableItem {
    <#
    .SYNOPSIS
        Lists the files and folders of a server's own recovery point, one folder at a time (like Get-OBRecoverableItem).
    .DESCRIPTION
        The server's agent reads the recovery point and lists the folder (the console stores no file names), so the
        server must be online. Only the server's own backups: browsing another server's backups needs its passphrase,
        which is typed in the console's Recover Data wizard and never travels through the API.
        Needs the Backup operator role (or above) at the server's vault.
    .PARAMETER Server
        The server: its id or its exact name. Accepts recovery points from the pipeline (Get-VFRecoveryPoint).
    .PARAMETER RecoveryPoint
        The recovery point's id (recoveryPointId of Get-VFRecoveryPoint).
    .PARAMETER Folder
        A folder's path as a previous listing gave it; empty for the backed-up roots.
    .PARAMETER SearchString
        Only entries whose name contains this text (case-insensitive).
    .EXAMPLE
        Get-VFRecoveryPoint -ServerId $id | Select-Object -First 1 | Get-VFRecoverableItem -Folder 'D:\Data'
    .EXAMPLE
        Get-VFRecoverableItem -Server web01 -RecoveryPoint $rp.recoveryPointId -Folder '/srv/www' -SearchString '.conf'
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, ValueFromPipelineByPropertyName = $true)] [Alias('serverId')] [string] $Server,
        [Parameter(Mandatory = $true, ValueFromPipelineByPropertyName = $true)] [Alias('recoveryPointId')] [string] $RecoveryPoint,
        [string] $Folder = '',
        [string] $SearchString
    )
    process {
        $serverId = Resolve-VFServerId -Server $Server
        $path = "/api/v1/servers/$serverId/recovery-points/" + [System.Uri]::EscapeDataString($RecoveryPoint) + '/items'
        $cursor = $null
        do {
            $query = Join-VFQuery @{ folder = $Folder; name = $SearchString; cursor = $cursor; limit = 500 }
            $page = Invoke-VFRequest -Method GET -Path ($path + $query)
            foreach ($entry in $page.items) {
                # where it came from, so that items can be piped to Start-VFRecovery
                $entry | Add-Member -NotePropertyName serverId -NotePropertyValue $serverId -PassThru |
                    Add-Member -NotePropertyName recoveryPointId -NotePropertyValue $RecoveryPoint -PassThru
            }
            $cursor = $page.nextCursor
        } while ($cursor)
    }
}

function Start-VFRecovery {
    <#
    .SYNOPSIS
        Restores files and folders (or System State, or system configuration) of a server from its own recovery point,
        as a job run by its agent (like Start-OBRecovery).
    .DESCRIPTION
        Only the server's own backups: restoring another server's backups needs its passphrase, which is typed in the
        console's Recover Data wizard (sealed in the browser) and never travels through the API. Needs the Backup
        operator role (or above) at the server's vault; the restore is audited as the wizard's is. The server must be
        online. Without -Item the whole recovery point is restored; without -Destination, to the original location.
        When an item already exists, copies are created unless -OverwriteExisting or -Skip is given.
    .PARAMETER Server
        The server: its id or its exact name. Accepts recovery points and items from the pipeline.
    .PARAMETER RecoveryPoint
        The recovery point's id (recoveryPointId of Get-VFRecoveryPoint).
    .PARAMETER Item
        Paths (or items of Get-VFRecoverableItem) to restore; none: the whole recovery point.
    .PARAMETER Destination
        A folder on the server to restore into (the original paths are recreated below it); none: the original location.
    .PARAMETER Mode
        FILES_AND_FOLDERS (default), SYSTEM_STATE (Windows) or SYSTEM_CONFIGURATION (Linux).
    .PARAMETER OverwriteExisting
        Replace items that already exist.
    .PARAMETER CreateCopies
        Keep items that already exist and write the restored ones beside them (the default).
    .PARAMETER Skip
        Keep items that already exist and do not restore them (the job lists them as skipped).
    .PARAMETER RestorePermissions
        Restore ACLs (Windows) or mode, owner and extended attributes (Linux); $true by default, -RestorePermissions $false
        leaves the destination's defaults.
    .PARAMETER SystemStateVolume
        SYSTEM_STATE only: the volume the staged backup is restored to, e.g. 'E:\'.
    .PARAMETER Wait
        Follow the job until it ends and return it as it ended.
    .PARAMETER PollSeconds
        How often -Wait asks the console (default 5).
    .EXAMPLE
        $rp = Get-VFRecoveryPoint -ServerId $id | Select-Object -First 1
        Start-VFRecovery -Server $id -RecoveryPoint $rp.recoveryPointId -Item 'D:\Data\report.xlsx' -Destination 'D:\Restored' -Wait
    .EXAMPLE
        Get-VFRecoverableItem -Server web01 -RecoveryPoint $rp.recoveryPointId -Folder '/srv/www' |
            Where-Object name -like '*.conf' | Start-VFRecovery -OverwriteExisting -Wait
    #>
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, ValueFromPipelineByPropertyName = $true)] [Alias('serverId')] [string] $Server,
        [Parameter(Mandatory = $true, ValueFromPipelineByPropertyName = $true)] [Alias('recoveryPointId')] [string] $RecoveryPoint,
        [Parameter(ValueFromPipelineByPropertyName = $true)] [Alias('path')] [object[]] $Item = @(),
        [string] $Destination,
        [ValidateSet('FILES_AND_FOLDERS', 'SYSTEM_STATE', 'SYSTEM_CONFIGURATION')] [string] $Mode = 'FILES_AND_FOLDERS',
        [switch] $OverwriteExisting,
        [switch] $CreateCopies,
        [switch] $Skip,
        [bool] $RestorePermissions = $true,
        [string] $SystemStateVolume,
        [switch] $Wait,
        [int] $PollSeconds = 5
    )
    begin {
        $chosen = @($OverwriteExisting, $CreateCopies, $Skip) | Where-Object { $_.IsPresent }
        if (@($chosen).Count -gt 1) { throw 'Choose one of -OverwriteExisting, -CreateCopies and -Skip.' }
        $conflict = if ($OverwriteExisting) { 'OVERWRITE' } elseif ($Skip) { 'SKIP' } else { 'CREATE_COPIES' }
        $paths = New-Object System.Collections.Generic.List[string]
        $from = $null
    }
    process {
        if ($null -eq $from) {
            $from = [pscustomobject]@{ Server = $Server; RecoveryPoint = $RecoveryPoint }
        } elseif ($from.Server -ne $Server -or $from.RecoveryPoint -ne $RecoveryPoint) {
            throw 'Start-VFRecovery restores from one recovery point of one server at a time.'
        }
        foreach ($one in @($Item)) {
            if ($null -eq $one) { continue }
            $text = if ($one -is [string]) { $one } elseif ($one.PSObject.Properties['path']) { [string]$one.path } else { [string]$one }
            if (-not [string]::IsNullOrWhiteSpace($text)) { $paths.Add($text) }
        }
    }
    end {
        $serverId = Resolve-VFServerId -Server $from.Server
        $body = @{ recoveryPointId = $from.RecoveryPoint; mode = $Mode; items = @($paths); conflict = $conflict;
            restorePermissions = $RestorePermissions }
        if ($Destination) { $body['destination'] = $Destination }
        if ($SystemStateVolume) { $body['systemStateVolume'] = $SystemStateVolume }
        $what = if ($paths.Count -eq 0) { 'the whole recovery point' } else { "$($paths.Count) item(s)" }
        $where = if ($Destination) { $Destination } else { 'the original location' }
        if (-not $PSCmdlet.ShouldProcess($from.Server, "Restore $what of $($from.RecoveryPoint) to $where ($conflict)")) { return }
        $job = Invoke-VFRequest -Method POST -Path "/api/v1/servers/$serverId/restores" -Body $body
        if (-not $Wait) { return $job }
        while ($true) {
            $detail = Invoke-VFRequest -Method GET -Path "/api/v1/jobs/$($job.id)"
            if (@('QUEUED', 'IN_PROGRESS') -notcontains $detail.job.status) { return $detail.job }
            Write-Progress -Activity "Restore on $($detail.job.serverName)" -Status "$($detail.job.status) $($detail.job.stage)"
            Start-Sleep -Seconds $PollSeconds
        }
    }
}

Export-ModuleMember -Function @('Connect-VFConsole', 'Get-VFServer', 'Start-VFBackup', 'Get-VFJob', 'Stop-VFJob',
    'Get-VFRecoveryPoint', 'Get-VFPolicy', 'Set-VFPolicy', 'Get-VFAlert', 'Get-VFRecoverableItem', 'Start-VFRecovery')
