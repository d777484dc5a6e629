"""The Qt GUI, the only package that imports PySide6. Loading it first mends what the installed
PySide6 gets wrong (app.ui.kit.pyside_fixes)."""

from app.ui.kit import pyside_fixes as _pyside_fixes

_pyside_fixes.install()
