"""Where things live: the default database, logs, the user's config, bundled resources."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import platformdirs

APP_ID = "dangjian"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_ID, appauthor=False))


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_ID, appauthor=False))


def default_db() -> Path:
    return data_dir() / "dangjian.db"


def resources_dir() -> Path:
    """resources/ inside an installed package or a PyInstaller bundle, else the source tree."""
    here = Path(__file__).resolve().parent
    for candidate in (
        here / "resources",
        Path(getattr(sys, "_MEIPASS", here)) / "resources",
        here.parents[1] / "resources",
    ):
        if candidate.is_dir():
            return candidate
    return here.parents[1] / "resources"


def forms_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "forms", here.parents[1] / "ui"):
        if candidate.is_dir():
            return candidate
    return here.parents[1] / "ui"


def load_config() -> dict[str, Any]:
    path = config_dir() / "config.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def save_config(values: dict[str, Any]) -> None:
    """Written to a temporary file and renamed, so a crash never leaves half a file."""
    path = config_dir() / "config.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(values, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def backups_dir() -> Path:
    """Automatic backups, one sub-folder per database file."""
    return data_dir() / "backups"
