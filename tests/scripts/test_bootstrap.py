"""scripts/bootstrap.sh on a machine it must not break: run with a PATH of stub commands
(id, dpkg, apt-get, sudo, a stand-in Python) in a copy of the checkout."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ("bash", "dirname", "cat", "tail", "mkdir", "rm", "touch", "sha1sum", "cut", "env", "chmod", "printf", "seq")
FAKE_PYTHON = """#!/bin/bash
echo "python $*" >>"$CALLS"
if [ "$1" = "-c" ]; then case "$2" in *print*) echo 3.11 ;; esac; exit 0; fi
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
  mkdir -p "$3/bin"
  printf '#!/bin/bash\\necho "venv-python $*" >>"$CALLS"\\n' >"$3/bin/python"
  chmod +x "$3/bin/python"
fi
exit 0
"""


def _stub(bin_dir: Path, name: str, body: str) -> None:
    path = bin_dir / name
    path.write_text("#!/bin/bash\n" + body + "\n", encoding="utf-8")
    path.chmod(0o755)


@pytest.fixture
def machine(tmp_path: Path) -> dict:
    """A copy of the checkout and a bin folder holding only the listed tools and stubs."""
    checkout = tmp_path / "checkout"
    (checkout / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "bootstrap.sh", checkout / "scripts" / "bootstrap.sh")
    shutil.copy(ROOT / "pyproject.toml", checkout / "pyproject.toml")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in TOOLS:
        found = shutil.which(tool)
        assert found, tool
        (bin_dir / tool).symlink_to(found)
    (bin_dir / "fakepython").write_text(FAKE_PYTHON, encoding="utf-8")
    (bin_dir / "fakepython").chmod(0o755)
    _stub(bin_dir, "dpkg", 'echo "dpkg-query: package \'$2\' is not installed" >&2; exit 1')
    _stub(bin_dir, "apt-cache", "exit 0")
    _stub(bin_dir, "id", 'if [ "$1" = "-u" ]; then echo "${FAKE_UID:-1000}"; else echo "uid=${FAKE_UID:-1000}"; fi')
    _stub(bin_dir, "apt-get", 'echo "apt-get $*" >>"$CALLS"\n'
          'for i in $(seq 300 2>/dev/null || echo 1 2 3); do echo "Selecting previously unselected package lib$i."; done\n'
          'if [ -n "$APT_FAILS" ] && [ "$1" = "install" ]; then echo "E: Unable to locate package libxcb-cursor0" >&2; exit 100; fi')
    return {"checkout": checkout, "bin": bin_dir, "calls": tmp_path / "calls.txt"}


def _run(machine: dict, **env: str) -> subprocess.CompletedProcess:
    environment = {"PATH": str(machine["bin"]), "PYTHON": str(machine["bin"] / "fakepython"),
                   "CALLS": str(machine["calls"]), "LANG": "C.UTF-8", **env}
    return subprocess.run(["bash", str(machine["checkout"] / "scripts" / "bootstrap.sh")], env=environment,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60, check=False)


def _calls(machine: dict) -> str:
    return machine["calls"].read_text(encoding="utf-8") if machine["calls"].exists() else ""


def test_without_root_or_sudo_it_names_the_packages_and_the_administrators_command(machine: dict) -> None:
    result = _run(machine)
    assert result.returncode == 1
    assert "缺少系统软件包：libegl1 libgl1" in result.stderr and "不能使用 sudo" in result.stderr
    assert "apt-get install -y --no-install-recommends libegl1 libgl1 libx11-6" in result.stderr
    assert "poppler-utils" in result.stderr
    assert "command not found" not in result.stderr + result.stdout
    assert "apt-get" not in _calls(machine) and not (machine["checkout"] / ".venv").exists()


def test_a_sudo_that_refuses_this_user_gets_the_same_sentence(machine: dict) -> None:
    _stub(machine["bin"], "sudo", 'echo "sudo: a password is required" >&2; exit 1')
    result = _run(machine)
    assert result.returncode == 1
    assert "缺少系统软件包：" in result.stderr and "apt-get install -y --no-install-recommends" in result.stderr
    assert "apt-get" not in _calls(machine)


def test_an_allowed_sudo_installs_through_sudo_quietly(machine: dict) -> None:
    _stub(machine["bin"], "sudo", 'echo "sudo $*" >>"$CALLS"; [ "$1" = "-n" ] && [ "$2" = "true" ] && exit 0; exec "$@"')
    result = _run(machine)
    assert result.returncode == 0, result.stderr
    calls = _calls(machine)
    assert "sudo apt-get update -qq" in calls and "sudo env DEBIAN_FRONTEND=noninteractive apt-get install" in calls


def test_as_root_the_first_run_prints_a_few_lines_and_keeps_apts_output_in_the_log(machine: dict) -> None:
    result = _run(machine, FAKE_UID="0")
    assert result.returncode == 0, result.stderr
    lines = (result.stdout + result.stderr).strip().splitlines()
    assert len(lines) <= 5, lines
    assert any("正在安装系统软件包（24 个）" in line for line in lines)
    log = (machine["checkout"] / "build" / "bootstrap.log").read_text(encoding="utf-8")
    assert log.count("Selecting previously unselected package") >= 300
    assert "Selecting previously" not in result.stdout
    assert "venv-python -m pip install -q -e .[test]" in _calls(machine)


def test_a_failed_install_shows_the_log(machine: dict) -> None:
    result = _run(machine, FAKE_UID="0", APT_FAILS="1")
    assert result.returncode == 1
    assert "安装系统软件包失败" in result.stderr and "E: Unable to locate package libxcb-cursor0" in result.stderr
    assert not (machine["checkout"] / ".venv").exists()
