; Inno Setup script for Lotsen Desktop on Windows (Inno Setup 6.3 or later).
;
; Build the bundle first, then compile this script (docs/installer.md):
;     python build_installer.py                  (makes dist\LotsenDesktop\ and self-tests it)
;     iscc /DAppVersion=0.1.0 installer\lotsen-desktop.iss
;   or in one go:  python build_installer.py --setup
; The result is dist\LotsenDesktop-<version>-setup.exe.
;
; Installs for the current user only, without administrator rights: the program goes to
; %LOCALAPPDATA%\Programs\Lotsen Desktop, the start-menu entry to the user's start menu.
; The data folder (%LOCALAPPDATA%\LotsenDesktop: database, backups, exchange state) is written
; by the program, never by Setup, so uninstalling leaves it alone; a newer version installed
; later finds the database there and upgrades it in place.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "Lotsen Desktop"
#define AppExe "LotsenDesktop.exe"
#define BundleDir "..\dist\LotsenDesktop"

[Setup]
; The AppId identifies the program for upgrades and uninstall: never change it.
AppId={{6F1C2B8E-5A47-4C1D-9B2E-3D7A8E51C0F4}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Lotsen Desktop
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#AppExe}
OutputDir=..\dist
OutputBaseFilename=LotsenDesktop-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; A running program keeps its files open: ask to close it before files are replaced.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "german"; MessagesFile: "compiler:Languages\German.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; The previous version's libraries: a newer bundle may no longer ship some of them.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] entry: the uninstaller removes only what Setup installed under {app};
; the data folder %LOCALAPPDATA%\LotsenDesktop stays with the office's database and backups.
