"""Organisation names in tables: as short as possible, never ambiguous."""

from app.ui.orgs.names import distinct_labels, org_display

PATHS = {
    1: ("青山县委组织部",),
    2: ("青山县委组织部", "城关街道党工委"),
    3: ("青山县委组织部", "城关街道党工委", "和平社区党委"),
    4: ("青山县委组织部", "城关街道党工委", "和平社区党委", "第四网格党支部"),
    5: ("青山县委组织部", "东城街道党工委"),
    6: ("青山县委组织部", "东城街道党工委", "和平社区党委"),
    7: ("青山县委组织部", "东城街道党工委", "和平社区党委", "第四网格党支部"),
    8: ("青山县委组织部", "城关街道党工委", "东湖社区党委", "第四网格党支部"),
}


def test_a_unique_name_stays_short() -> None:
    labels = distinct_labels(PATHS)
    assert labels[2] == "城关街道党工委" and labels[1] == "青山县委组织部"


def test_same_names_get_as_many_levels_above_as_it_takes() -> None:
    labels = distinct_labels(PATHS)
    assert labels[3] == "和平社区党委（城关街道党工委）"
    assert labels[6] == "和平社区党委（东城街道党工委）"
    # two 和平社区党委 above two of the three 第四网格党支部: one level is not enough
    assert labels[4] == "第四网格党支部（城关街道党工委 / 和平社区党委）"
    assert labels[7] == "第四网格党支部（东城街道党工委 / 和平社区党委）"
    assert labels[8] == "第四网格党支部（城关街道党工委 / 东湖社区党委）"
    assert len(set(labels.values())) == len(PATHS)


def test_full_paths_and_odd_input() -> None:
    _labels, paths = org_display(PATHS)
    assert paths[4] == "青山县委组织部 / 城关街道党工委 / 和平社区党委 / 第四网格党支部"
    assert distinct_labels({}) == {}
    assert distinct_labels({1: (), 2: ("甲",), 3: ("甲",)}) == {2: "甲", 3: "甲"}  # two tops of one name
