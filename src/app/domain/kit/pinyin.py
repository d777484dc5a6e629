"""Pinyin of personal names, for search and sorting: 张三丰 → ("zhangsanfeng", "zsf").

Surnames read differently from the same character in ordinary words (单 shan, 曾 zeng,
解 xie), so the first character (or a compound surname) is read from a surname table and
the given name by pypinyin's phrase-aware reading. pypinyin loads lazily (≈0.2 s).
"""

from __future__ import annotations

from functools import lru_cache

COMPOUND_SURNAMES: dict[str, tuple[str, ...]] = {
    "欧阳": ("ou", "yang"), "司马": ("si", "ma"), "上官": ("shang", "guan"), "诸葛": ("zhu", "ge"),
    "东方": ("dong", "fang"), "皇甫": ("huang", "fu"), "公孙": ("gong", "sun"), "慕容": ("mu", "rong"),
    "宇文": ("yu", "wen"), "夏侯": ("xia", "hou"), "司徒": ("si", "tu"), "端木": ("duan", "mu"),
    "长孙": ("zhang", "sun"), "万俟": ("mo", "qi"), "尉迟": ("yu", "chi"), "单于": ("chan", "yu"),
    "澹台": ("tan", "tai"), "令狐": ("ling", "hu"), "轩辕": ("xuan", "yuan"), "呼延": ("hu", "yan"),
}
SURNAME_READINGS: dict[str, str] = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "区": "ou", "查": "zha", "朴": "piao",
    "盖": "ge", "乐": "yue", "尉": "yu", "缪": "miao", "翟": "zhai", "种": "chong", "覃": "qin",
    "召": "shao", "谌": "chen", "重": "chong", "秘": "bi", "柏": "bai", "华": "hua", "任": "ren",
    "宁": "ning", "车": "che", "沈": "shen", "薄": "bo", "燕": "yan", "阚": "kan", "员": "yun",
    "卜": "bu", "长": "chang", "万": "wan", "那": "na", "过": "guo", "纪": "ji", "都": "du",
    "藏": "zang", "朝": "chao", "冼": "xian", "句": "gou", "便": "pian", "祭": "zhai", "适": "kuo",
    "隗": "wei", "相": "xiang", "宿": "su", "折": "she", "瞿": "qu", "阿": "a", "行": "xing",
    "吕": "lv", "贾": "jia", "石": "shi", "洗": "xian", "莘": "shen", "能": "nai", "殷": "yin",
}


def name_keys(name: str) -> tuple[str, str]:
    """(full pinyin, initials), lower case, ü written v; other letters and digits kept."""
    syllables = _syllables(name or "")
    return "".join(syllables), "".join(s[0] for s in syllables if s)


@lru_cache(maxsize=200_000)
def _syllables(name: str) -> tuple[str, ...]:
    name = "".join(name.split())
    if not name:
        return ()
    if name[:2] in COMPOUND_SURNAMES:
        return COMPOUND_SURNAMES[name[:2]] + _reading(name[2:])
    if name[0] in SURNAME_READINGS:
        return (SURNAME_READINGS[name[0]], *_reading(name[1:]))
    return _reading(name)


@lru_cache(maxsize=200_000)
def _reading(text: str) -> tuple[str, ...]:
    if not text:
        return ()
    from pypinyin import Style, lazy_pinyin

    parts = lazy_pinyin(text, style=Style.NORMAL, errors=_latin)
    return tuple(p.lower() for p in parts if p)


def _latin(chunk: str) -> str:
    """Letters and digits in a name (e.g. foreign-born members) are kept; dots and symbols go
    (pypinyin drops an empty result)."""
    return "".join(c for c in chunk.lower() if c.isascii() and c.isalnum())


def text_keys(text: str) -> tuple[str, str]:
    """(full pinyin, initials) of a unit's or a project's name, read as ordinary words (no
    surname readings): 解放路小学 → ("jiefangluxiaoxue", "jflxx")."""
    syllables = _reading("".join((text or "").split()))
    return "".join(syllables), "".join(s[0] for s in syllables if s)
