import pytest

from app.domain.kit.errors import ValidationError
from app.domain.kit.masking import mask_id, mask_phone
from app.domain.kit.phone import clean_phone


def test_masks_match_the_office_convention() -> None:
    assert mask_id("11010519491231002X") == "110***********002X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0531-86012345") == "0531-****2345"
    assert mask_id("") == "" and mask_phone(None) == ""


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("138 1234 5678", "13812345678"), ("１３８１２３４５６７８", "13812345678"),
     ("0531-86012345", "0531-86012345"), ("(010)62345678", "010-62345678"), ("", ""),
     ("138-1234-5678", "13812345678"), ("+86-138-1234-5678", "13812345678")],
)
def test_phone_numbers_are_normalised(raw: str, clean: str) -> None:
    assert clean_phone(raw) == clean


@pytest.mark.parametrize("raw", ["1381234567", "23812345678", "86012345", "电话", "138-1234-567"])
def test_bad_phone_numbers_are_refused(raw: str) -> None:
    with pytest.raises(ValidationError, match="联系电话"):
        clean_phone(raw)
