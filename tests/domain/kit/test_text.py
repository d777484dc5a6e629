"""Invisible characters in names: removed inside a name, refused when they are all there is."""

from __future__ import annotations

import pytest

from app.domain.kit.errors import ValidationError
from app.domain.kit.text import strip_invisible
from app.domain.members.fields import FIELDS_BY_KEY
from app.domain.orgs.rules import clean_name as clean_org_name

NAME = FIELDS_BY_KEY["name"]


def clean_name(value: str) -> str:
    return str(NAME.cleaned(value))


INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e", "\u202a", "\u2066", "\u2069",
             "\u061c", "\u200e", "\u200f", "\x00", "\x1b"]


@pytest.mark.parametrize("ch", INVISIBLE)
def test_invisible_characters_inside_a_name_are_removed(ch: str) -> None:
    assert clean_name(f"张{ch}三") == "张三"
    assert clean_org_name(f"第一{ch}网格党支部") == "第一网格党支部"
    assert strip_invisible(f"a{ch}b") == "ab"


def test_a_name_of_invisible_characters_only_is_refused() -> None:
    with pytest.raises(ValidationError, match="姓名只含看不见的字符"):
        clean_name("\u200b\u200d\u202e")
    with pytest.raises(ValidationError, match="组织全称只含看不见的字符"):
        clean_org_name("\u2066\u2069 \ufeff")
    with pytest.raises(ValidationError, match="姓名不能为空"):
        clean_name("  ")


def test_visible_text_is_untouched() -> None:
    for text in ("张三", "阿卜杜拉·买买提", "Zhang San", "李 四", "𠀀堃喆"):
        assert strip_invisible(text) == text
