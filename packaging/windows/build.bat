@echo off
rem Builds the Windows bundle (build\dist\dangjian: dangjian.exe without a console window,
rem dangjian-cli.exe for the command line) and the installer build\dangjian-setup-VERSION.exe.
rem Needs Python 3.11+ (the py launcher) and NSIS 3 (makensis on PATH or in its usual folder).
rem   packaging\windows\build.bat
setlocal
cd /d "%~dp0..\.."
set VENV=build\winvenv
if not exist %VENV%\Scripts\python.exe (
  py -3.11 -m venv %VENV% || goto :fail
)
%VENV%\Scripts\python -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; print('\n'.join(p['dependencies'] + p['optional-dependencies']['package']))" > build\requirements.txt || goto :fail
%VENV%\Scripts\python -m pip install -q --disable-pip-version-check -c packaging\constraints.txt -r build\requirements.txt || goto :fail
set QT_QPA_PLATFORM=offscreen
%VENV%\Scripts\python -m PyInstaller packaging\dangjian.spec --noconfirm --log-level WARN --distpath build\dist --workpath build\pyinstaller || goto :fail
for /f %%v in ('%VENV%\Scripts\python packaging\meta.py version') do set VERSION=%%v
set MAKENSIS=makensis
where makensis >nul 2>nul || set MAKENSIS="%ProgramFiles(x86)%\NSIS\makensis.exe"
%MAKENSIS% /V2 /DVERSION=%VERSION% packaging\windows\dangjian.nsi || goto :fail
echo Built build\dangjian-setup-%VERSION%.exe
exit /b 0
:fail
echo Build failed.
exit /b 1
