"""Amounts in capitals (大写金额) for vouchers, as the banks' filling-in rules ask.

Rules followed (中国人民银行《正确填写票据和结算凭证的基本规定》):
- Digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟万亿, then 元角分.
- Ends at 元 → 整 is added (壹万元整); ends at 角 or 分 → no 整 (壹仟肆佰零玖元伍角).
- Zeros between digits are written as one 零, however many there are (陆仟零柒元).
- 角 is zero and 分 is not → 零 after 元 (叁佰贰拾伍元零肆分).
- Where the rules allow either, this module leaves the 零 out, the same way every time: after a
  unit word that is written (元, 万, 亿), a zero place is already marked by that word, so
  1680.32 → 壹仟陆佰捌拾元叁角贰分 and 107000.53 → 壹拾万柒仟元伍角叁分. When a whole 万 group is
  zero (100005000), no unit word marks it and the 零 stays: 壹亿零伍仟元整.
- 拾 always takes its 壹, as banking practice requires so that nothing can be written before it:
  10 → 壹拾元整, 100010 → 壹拾万零壹拾元整.
- Below one 元 the 元 is left out: 0.5 → 伍角, 0.05 → 伍分; zero is 零元整.
- A negative amount (a reversing entry) is written with 负 in front: 负壹佰元整.

The 人民币 prefix is optional (prefix=True); vouchers often print it in the form already.
"""

from __future__ import annotations

from decimal import Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ("", "拾", "佰", "仟")
GROUPS = ("", "万", "亿")
PREFIX = "人民币"
LIMIT_FEN = 10**14  # amounts below 1万亿元 (money accepts below 一百亿元)


def fen_in_capitals(fen: int, *, prefix: bool = False) -> str:
    """12345 分 → 壹佰贰拾叁元肆角伍分 (with prefix: 人民币壹佰贰拾叁元肆角伍分)."""
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError(f"amount in fen must be an int, not {type(fen).__name__}")
    if abs(fen) >= LIMIT_FEN:
        raise ValueError(f"amount {fen} fen is too large for capitals")
    sign = "负" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    jiao, fen_digit = divmod(cents, 10)
    if yuan == 0 and cents == 0:
        body = "零元整"
    else:
        body = _yuan_part(yuan) + _cents_part(yuan, jiao, fen_digit)
    return (PREFIX if prefix else "") + sign + body


def amount_in_capitals(yuan: Decimal | int, *, prefix: bool = False) -> str:
    """Decimal("1409.50") or 1409 元 in capitals. A fraction of a 分 is a programming error."""
    if isinstance(yuan, bool) or not isinstance(yuan, Decimal | int):
        raise TypeError(f"amount must be a Decimal or an int, not {type(yuan).__name__}")
    scaled = Decimal(yuan) * 100
    if not scaled.is_finite() or scaled != scaled.to_integral_value():
        raise ValueError(f"{yuan} is not a whole number of fen")
    return fen_in_capitals(int(scaled), prefix=prefix)


def _yuan_part(yuan: int) -> str:
    """The whole 元, ending in 元; "" below one 元."""
    if yuan == 0:
        return ""
    groups: list[int] = []
    while yuan:
        yuan, group = divmod(yuan, 10000)
        groups.append(group)
    out: list[str] = []
    pending_zero = False  # zeros passed since the last digit or unit word written
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        for place in range(3, -1, -1):
            digit = group // 10**place % 10
            if digit == 0:
                pending_zero = pending_zero or bool(out)
                continue
            if pending_zero:
                out.append("零")
                pending_zero = False
            out.append(DIGITS[digit] + PLACES[place])
        if group and index:
            out.append(GROUPS[index])
            pending_zero = False  # the unit word marks the zero places that follow it
    return "".join(out) + "元"


def _cents_part(yuan: int, jiao: int, fen: int) -> str:
    if jiao == 0 and fen == 0:
        return "整"
    text = ""
    if jiao:
        text += DIGITS[jiao] + "角"
    elif yuan:
        text += "零"  # 元零肆分: the 角 place is empty
    if fen:
        text += DIGITS[fen] + "分"
    return text
