<#
.SYNOPSIS
  Windows lockdown for the Maison kiosk: Shell Launcher (the kiosk replaces Explorer for the
  kiosk account) and Keyboard Filter (system shortcuts blocked). Needs Windows 10/11
  Enterprise, Education or IoT Enterprise. Run once as Administrator, then restart.
  Not run in CI (no Windows there): review it on a test machine before a rollout.

.DESCRIPTION
  - Shell Launcher: the account named by -KioskUser gets maison-kiosk.exe as its shell; if the
    kiosk exits or crashes the shell is restarted. Administrators keep explorer.exe.
  - Keyboard Filter: blocks Ctrl+Alt+Del (the secure attention screen), Win, Win+L, Alt+Tab,
    Alt+Esc, Ctrl+Esc, Ctrl+Shift+Esc (Task Manager), Alt+F4 for non-administrators.
  - Set up automatic sign-in for the kiosk account separately (Autologon from Sysinternals, or
    the Winlogon registry values), so a restart lands in the kiosk.
#>
param(
  [Parameter(Mandatory = $true)][string]$KioskUser,
  [string]$KioskExe = "C:\Program Files\MaisonKiosk\current\maison-kiosk.exe"
)
$ErrorActionPreference = "Stop"
$ns = "root\standardcimv2\embedded"

# 1. The Windows features (a restart may be needed before the WMI classes exist).
Enable-WindowsOptionalFeature -Online -All -NoRestart -FeatureName Client-EmbeddedShellLauncher | Out-Null
Enable-WindowsOptionalFeature -Online -All -NoRestart -FeatureName Client-KeyboardFilter | Out-Null

# 2. Shell Launcher: the kiosk is the shell of the kiosk account.
$sid = (New-Object System.Security.Principal.NTAccount($KioskUser)).Translate(
  [System.Security.Principal.SecurityIdentifier]).Value
$restartShell = 0   # on exit: 0 restart the shell, 1 restart the device, 2 shut down, 3 nothing
$shell = [wmiclass]"\\localhost\${ns}:WESL_UserSetting"
$shell.SetDefaultShell("explorer.exe", $restartShell) | Out-Null
try { $shell.RemoveCustomShell($sid) | Out-Null } catch { }
$shell.SetCustomShell($sid, "`"$KioskExe`" run", ($null), ($null), $restartShell) | Out-Null
$shell.SetEnabled($true) | Out-Null
Write-Output "Shell Launcher: $KioskUser ($sid) runs $KioskExe"

# 3. Keyboard Filter: system shortcuts a customer could use to leave.
$blocked = "Ctrl+Alt+Del", "Windows", "Win+L", "Alt+Tab", "Alt+Esc", "Ctrl+Esc",
           "Ctrl+Shift+Esc", "Alt+F4", "Win+D", "Win+Tab", "Win+R", "Win+E"
foreach ($id in $blocked) {
  $key = Get-CimInstance -Namespace $ns -ClassName WEKF_PredefinedKey | Where-Object Id -eq $id
  if ($null -eq $key) { Write-Warning "Keyboard Filter has no predefined key '$id'"; continue }
  Set-CimInstance -InputObject $key -Property @{ Enabled = $true }
}
# Administrators (store IT signing in with their own account) are not filtered.
$admins = Get-CimInstance -Namespace $ns -ClassName WEKF_Settings |
  Where-Object Name -eq "DisableKeyboardFilterForAdministrators"
if ($admins) { Set-CimInstance -InputObject $admins -Property @{ Value = "true" } }
Write-Output "Keyboard Filter: blocked $($blocked -join ', ')"
Write-Output "Restart the device to apply."
