"""设置: the age bands the roster counts in and how often each kind of organisation life is due
are chosen in the settings dialog, kept, and used; a wrong value never reaches the database."""

from __future__ import annotations

import pytest

from app.domain.kit.errors import ValidationError
from app.domain.orglife.kinds import Frequency, MeetingKind
from app.services.container import Services
from app.ui.access.settings_dialog import SettingsDialog


def test_frequencies_and_age_bands_are_chosen_saved_and_used(qtbot, services: Services) -> None:
    dialog = SettingsDialog(services.settings)
    qtbot.addWidget(dialog)
    assert dialog.age_bands.currentText() == "常用四段"
    assert dialog.frequencies["主题党日"].currentText() == "每月"
    assert dialog.frequencies["支部党员大会"].currentText() == "每季度"

    dialog.frequencies["主题党日"].setCurrentText("每季度")
    dialog.age_bands.setCurrentText("党内统计")
    dialog.save()

    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert services.settings.get("member_age_bands") == "党内统计"
    rules = services.orglife_schedule.rules()
    assert rules[MeetingKind.THEME_DAY] == Frequency.QUARTERLY
    assert rules[MeetingKind.COMMITTEE] == Frequency.MONTHLY  # the others keep theirs
    summaries = [e.summary for e in services.audit.recent(3)]
    assert "修改设置“三会一课等组织生活的开展频次”" in summaries
    assert "修改设置“党员年龄段（常用四段或党内统计八段）”" in summaries

    again = SettingsDialog(services.settings)  # reopened, it shows what was saved
    qtbot.addWidget(again)
    assert again.frequencies["主题党日"].currentText() == "每季度"
    assert again.age_bands.currentText() == "党内统计"


def test_saving_unchanged_settings_writes_nothing(qtbot, services: Services) -> None:
    before = len(services.audit.recent(50))
    dialog = SettingsDialog(services.settings)
    qtbot.addWidget(dialog)
    dialog.save()
    assert len(services.audit.recent(50)) == before


@pytest.mark.parametrize(("key", "value", "said"), [
    ("orglife_frequencies", {"主题党日": "每天"}, "主题党日的频次"),
    ("orglife_frequencies", {"=cmd|' /C calc'!A0": "每月"}, "没有"),
    ("orglife_frequencies", "每月", "逐项设定"),
    ("orglife_frequencies", {"党课": None}, "党课的频次"),
    ("member_age_bands", "十段", "党员年龄段只能是"),
    ("member_age_bands", None, "党员年龄段只能是"),
])
def test_a_wrong_value_is_refused_and_nothing_is_stored(services: Services, key: str, value: object,
                                                        said: str) -> None:
    before = services.settings.get(key)
    with pytest.raises(ValidationError) as refused:
        services.settings.set(key, value)
    assert said in refused.value.message
    assert services.settings.get(key) == before
