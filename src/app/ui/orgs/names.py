"""Organisation names in tables: short where the name is unique, with as much of the path as
it takes to tell same-named ones apart (第四网格党支部（和平社区党委）), and the full path
for the tooltip (青山县委组织部 / 城关街道党工委 / 和平社区党委 / 第四网格党支部)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

SEPARATOR = " / "


def path_text(path: tuple[str, ...]) -> str:
    return SEPARATOR.join(path)


def distinct_labels(paths: Mapping[int, tuple[str, ...]]) -> dict[int, str]:
    """Organisation id -> its name, followed where another has the same name by the nearest
    levels above it that differ: 第四网格党支部（和平社区党委）."""
    by_name: dict[str, list[int]] = defaultdict(list)
    for oid, path in paths.items():
        if path:
            by_name[path[-1]].append(oid)
    labels: dict[int, str] = {}
    for name, ids in by_name.items():
        if len(ids) == 1:
            labels[ids[0]] = name
            continue
        deepest = max(len(paths[i]) - 1 for i in ids)
        above: dict[int, tuple[str, ...]] = {i: () for i in ids}
        for levels in range(1, deepest + 1):
            above = {i: paths[i][-1 - levels:-1] for i in ids}
            if len(set(above.values())) == len(ids):
                break
        for i in ids:
            labels[i] = f"{name}（{SEPARATOR.join(above[i])}）" if above[i] else name
    return labels


def org_display(paths: Mapping[int, tuple[str, ...]]) -> tuple[dict[int, str], dict[int, str]]:
    """(labels, full paths) for a table's organisation column."""
    return distinct_labels(paths), {oid: path_text(p) for oid, p in paths.items()}
