; NSIS script for the Windows installer of 社区党建台账.
; Build the bundle first (packaging\windows\build.bat does both steps), then:
;   makensis /DVERSION=0.1.0 packaging\windows\dangjian.nsi
; Defines (all optional): VERSION, PAYLOAD (the PyInstaller folder holding dangjian.exe,
; dangjian-cli.exe and _internal), ICON, OUTFILE. Paths are relative to this file.
;
; Installs for the current user only (no administrator rights), into
; %LOCALAPPDATA%\Programs\dangjian. The user's data (%LOCALAPPDATA%\dangjian: databases,
; backups, settings, logs) is never touched, not by an upgrade and not by the uninstaller.
Unicode true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef PAYLOAD
  !define PAYLOAD "..\..\build\dist\dangjian"
!endif
!ifndef ICON
  !define ICON "..\..\build\icons\dangjian.ico"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\..\build\dangjian-setup-${VERSION}.exe"
!endif
!define APPNAME "社区党建台账"
!define APPID "dangjian"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPID}"

!include "MUI2.nsh"
!include "FileFunc.nsh"

Name "${APPNAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APPID}"
InstallDirRegKey HKCU "Software\${APPID}" "InstallDir"
BrandingText "${APPNAME} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APPNAME} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "${APPNAME}"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\dangjian.exe"
!define MUI_FINISHPAGE_RUN_TEXT "现在打开${APPNAME}"
!define MUI_UNFINISHPAGE_NOAUTOCLOSE

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_UNPAGE_FINISH
!insertmacro MUI_LANGUAGE "SimpChinese"

Section "程序" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; An upgrade replaces the program files only; nothing else in this folder is removed.
  RMDir /r "$INSTDIR\_internal"
  File "${PAYLOAD}\dangjian.exe"
  File "${PAYLOAD}\dangjian-cli.exe"
  File /r "${PAYLOAD}\_internal"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${APPNAME}"
  CreateShortcut "$SMPROGRAMS\${APPNAME}\${APPNAME}.lnk" "$INSTDIR\dangjian.exe"
  CreateShortcut "$SMPROGRAMS\${APPNAME}\${APPNAME}（命令行）.lnk" "$SYSDIR\cmd.exe" \
    '/k cd /d "$INSTDIR" && dangjian-cli.exe --help' "$INSTDIR\dangjian.exe"
  CreateShortcut "$SMPROGRAMS\${APPNAME}\卸载${APPNAME}.lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\dangjian.exe"

  WriteRegStr HKCU "Software\${APPID}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\dangjian.exe"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" "$0"
SectionEnd

Section "Uninstall"
  ; Only the program's own files: the data folder (%LOCALAPPDATA%\dangjian) and anything
  ; the user put into the program folder stay.
  Delete "$DESKTOP\${APPNAME}.lnk"
  RMDir /r "$SMPROGRAMS\${APPNAME}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\dangjian.exe"
  Delete "$INSTDIR\dangjian-cli.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTKEY}"
  DeleteRegKey HKCU "Software\${APPID}"
  DetailPrint "台账数据保存在 $LOCALAPPDATA\dangjian，已保留，没有删除。"
SectionEnd
