; Inno Setup script for the Windows installer. Build the PyInstaller bundle first
; (dist\dangjian), then compile this file with Inno Setup 6 (ISCC.exe packaging\windows\dangjian.iss).
#define AppName "社区党建台账"
#define AppVersion "0.1.0"

[Setup]
AppId={{6C0E8E9A-7B7C-4C55-9C3C-2D0A4B1E5D21}
AppName={#AppName}
AppVersion={#AppVersion}
DefaultDirName={autopf}\dangjian
DefaultGroupName={#AppName}
OutputBaseFilename=dangjian-setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
PrivilegesRequired=lowest
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "chs"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Files]
Source: "..\..\dist\dangjian\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\dangjian.exe"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\dangjian.exe"

[Run]
Filename: "{app}\dangjian.exe"; Description: "启动{#AppName}"; Flags: nowait postinstall skipifsilent
