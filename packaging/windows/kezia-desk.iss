; Inno Setup script of Kezia Desk's Windows installer (Inno Setup 6.3 or later, https://jrsoftware.org/isinfo.php).
;
; Built on Windows, from the repository's root, after the frozen folder (see docs/dev/packaging.md):
;   py -3.11 -m venv .venv
;   .venv\Scripts\pip install -e .[build]
;   .venv\Scripts\pyinstaller --noconfirm packaging\kezia-desk.spec
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\kezia-desk.iss
; gives build\installer\KeziaDesk-0.1.0-installation.exe.
;
; What it does: installs build\dist\kezia-desk\ in Program Files (or the user's own programs folder when installed
; without administrator rights), a Start-menu folder (the till, the demo, the uninstaller), a desktop shortcut
; (task, ticked), starting the till when Windows opens a session (task, unticked: for a dedicated till), and an
; uninstaller that removes the program and its shortcuts only. The shop's data (database, sales journal, keys,
; logs) lives in each user's %APPDATA%\Kezia\Kezia Desk, never in the program's folder: neither an update nor the
; uninstaller touches it.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Kezia Desk"
#define AppExe "kezia-desk.exe"
#define Frozen "..\..\build\dist\kezia-desk"

[Setup]
; The AppId identifies the installation for updates and the uninstaller: never change it.
AppId={{3F6C2A8E-5B71-4C0D-9E64-7A1D2B9C8E05}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Kezia
AppComments=Caisse tactile qui reçoit les commandes web HubRise
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Administrator by default (Program Files, shortcuts for every user of the till); the dialog lets a user without
; those rights install for themselves.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\build\installer
OutputBaseFilename=KeziaDesk-{#AppVersion}-installation
SetupIconFile=..\..\build\icons\kezia-desk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no
; An update closes a running till first (Windows' Restart Manager), and does not restart it by itself.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[CustomMessages]
french.ShortcutsGroup=Raccourcis :
french.DesktopShortcut=Créer un raccourci sur le Bureau
french.StartupGroup=Démarrage :
french.AutoStart=Lancer Kezia Desk à l'ouverture de la session Windows (caisse dédiée)
french.DemoShortcut=Kezia Desk (démonstration)
french.ConsoleShortcut=Kezia Desk (ligne de commande)
french.LaunchNow=Lancer Kezia Desk
french.DataKept=Kezia Desk a été désinstallé. Les données de la boutique (ventes, journal, clés, réglages) sont conservées dans le dossier %APPDATA%\Kezia\Kezia Desk de chaque utilisateur ; une nouvelle installation les retrouve.

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopShortcut}"; GroupDescription: "{cm:ShortcutsGroup}"
Name: "autostart"; Description: "{cm:AutoStart}"; GroupDescription: "{cm:StartupGroup}"; Flags: unchecked

[InstallDelete]
; An update first removes the previous version's program files (a library the new one no longer ships must not
; be loaded). Only the program's folder: the data is elsewhere.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Frozen}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{group}\{cm:DemoShortcut}"; Filename: "{app}\{#AppExe}"; Parameters: "--demo"; WorkingDir: "{app}"
; A console where `kezia-desk-console verify-journal`, `add-seller`, `sandbox`... can be typed.
Name: "{group}\{cm:ConsoleShortcut}"; Filename: "{cmd}"; Parameters: "/k ""{app}\kezia-desk-console.exe"" --help"; WorkingDir: "{app}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon
; Every user's session when installed as administrator, the installing user's otherwise.
Name: "{autostartup}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: autostart

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchNow}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Nothing but the program's folder itself (Python may leave caches there). No [UninstallDelete] entry may ever
; name {userappdata} or {commonappdata}: the shop's sales journal must outlive the program (French law keeps it
; six years).
Type: dirifempty; Name: "{app}"

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and (not UninstallSilent()) then
    MsgBox(CustomMessage('DataKept'), mbInformation, MB_OK);
end;
