"""A database on a network share is refused, with an explanation."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.db.safety.location import check_local, is_unc, mount_type, network_reason
from app.domain.kit.errors import StorageError

MOUNTS = """\
/dev/sda2 / ext4 rw,relatime 0 0
/dev/sda3 /home ext4 rw,relatime 0 0
//nas/dangwu /mnt/nas cifs rw,vers=3.0 0 0
server:/export /home/office/shared nfs4 rw 0 0
/dev/sdb1 /mnt/nas/usb vfat rw 0 0
gvfsd-fuse /run/user/1000/gvfs fuse.gvfsd-fuse rw 0 0
host:/x /mnt/my\\040files fuse.sshfs rw 0 0
"""


@pytest.mark.parametrize("path", [
    r"\\server\share\dangjian.db", "//server/share/dangjian.db", r"\\?\UNC\server\share\a.db",
])
def test_unc_paths_are_network_paths(path: str) -> None:
    assert is_unc(path)
    assert network_reason(path, platform="win32")
    assert network_reason(path, platform="linux", mounts_text="")


@pytest.mark.parametrize("path", [r"C:\Users\dw\dangjian.db", r"\\.\C:\a.db", "D:/台账/dangjian.db"])
def test_local_windows_paths_pass(path: str) -> None:
    assert not is_unc(path)
    assert network_reason(path, platform="win32") is None


@pytest.mark.parametrize(("path", "fstype"), [
    ("/mnt/nas/台账/dangjian.db", "cifs"),
    ("/home/office/shared/dangjian.db", "nfs4"),
    ("/run/user/1000/gvfs/smb-share:server=nas,share=dw/a.db", "fuse.gvfsd-fuse"),
    ("/mnt/my files/a.db", "fuse.sshfs"),
])
def test_network_mounts_are_refused(path: str, fstype: str) -> None:
    reason = network_reason(path, platform="linux", mounts_text=MOUNTS)
    assert reason is not None and fstype in reason


@pytest.mark.parametrize("path", ["/home/office/dangjian.db", "/mnt/nas/usb/dangjian.db", "/tmp/a.db"])
def test_local_mounts_pass_by_the_longest_mount_point(path: str) -> None:
    assert network_reason(path, platform="linux", mounts_text=MOUNTS) is None


def test_mount_points_match_whole_folder_names() -> None:
    assert mount_type("/mnt/nasa/a.db", MOUNTS) == ("/", "ext4")
    assert mount_type("/mnt/nas", MOUNTS) == ("/mnt/nas", "cifs")


def test_the_refusal_says_what_to_do(tmp_path: Path) -> None:
    check_local(tmp_path / "dangjian.db")  # the test's own disk is local
    with pytest.raises(StorageError) as info:
        check_local(r"\\server\share\dangjian.db")
    assert "网络" in info.value.message and "本机硬盘" in info.value.message
