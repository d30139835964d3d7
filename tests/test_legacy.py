"""Legacy Vietnamese encodings: the TCVN3 and VNI tables, round trips on real words, and column detection
that never fires on Unicode or ASCII and refuses to guess on mixed columns."""

from __future__ import annotations

import unicodedata

import pytest

from xhht_cli.io.legacy import TCVN3, VNI, detect, from_unicode, readings, to_unicode

WORDS = ["Phường Mỹ Phước", "Xã An Điền", "Hòa Lợi", "Thới Hòa", "Nguyễn", "Đặng", "Trường", "Khuyết tật",
         "Nguyễn Văn Hùng", "Chánh Phú Hòa", "Tân Định", "Bến Cát", "Lê Thị Bưởi", "Đang ở", "Chuyển đi", "Đại học",
         "Thạc sĩ", "Cao đẳng", "Trung cấp", "giữa", "khuỷu tay", "Năm sinh", "không", "có", "Phạm Thị Yến"]
UPPER = ["PHƯỜNG MỸ PHƯỚC", "XÃ AN ĐIỀN", "NGUYỄN VĂN HÙNG", "ĐẶNG", "THỚI HÒA"]

LOWER_LETTERS = [unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy"
                 for t in ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")] + ["đ"]
LETTERS = LOWER_LETTERS + [c.upper() for c in LOWER_LETTERS]


# --- tables ------------------------------------------------------------------------------------------------

def test_tcvn3_table_is_the_published_layout() -> None:
    # 12 vowels × 6 forms − the 6 plain ASCII vowels, đ, and the 7 capitals Ă Â Ê Ô Ơ Ư Đ
    assert len(TCVN3) == 66 + 1 + 7
    assert len(set(TCVN3.values())) == len(TCVN3)
    assert all(len(k) == 1 and 0xA1 <= ord(k) <= 0xFE for k in TCVN3)
    assert set(TCVN3.values()) == (set(LOWER_LETTERS) - set("aeiouy")) | set("ĂÂÊÔƠƯĐ")
    spot = {"µ": "à", "¶": "ả", "·": "ã", "¸": "á", "¹": "ạ", "¨": "ă", "»": "ằ", "¾": "ắ", "Æ": "ặ", "©": "â",
            "Ç": "ầ", "Ê": "ấ", "Ë": "ậ", "®": "đ", "Ì": "è", "Ð": "é", "Ñ": "ẹ", "ª": "ê", "Ò": "ề", "Ô": "ễ",
            "Õ": "ế", "Ö": "ệ", "×": "ì", "Ø": "ỉ", "Ü": "ĩ", "Ý": "í", "Þ": "ị", "ß": "ò", "á": "ỏ", "â": "õ",
            "ã": "ó", "ä": "ọ", "«": "ô", "å": "ồ", "è": "ố", "é": "ộ", "¬": "ơ", "ê": "ờ", "í": "ớ", "î": "ợ",
            "ï": "ù", "ñ": "ủ", "ò": "ũ", "ó": "ú", "ô": "ụ", "\xad": "ư", "õ": "ừ", "ø": "ứ", "ù": "ự", "ú": "ỳ",
            "ý": "ý", "þ": "ỵ", "¡": "Ă", "¢": "Â", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư", "§": "Đ"}
    for code, letter in spot.items():
        assert TCVN3[code] == letter, code


def test_vni_table_is_the_published_layout() -> None:
    spot = {"aù": "á", "aø": "à", "aû": "ả", "aõ": "ã", "aï": "ạ", "aâ": "â", "aá": "ấ", "aà": "ầ", "aå": "ẩ",
            "aã": "ẫ", "aä": "ậ", "aê": "ă", "aé": "ắ", "aè": "ằ", "aú": "ẳ", "aü": "ẵ", "aë": "ặ", "eâ": "ê",
            "eä": "ệ", "oâ": "ô", "oå": "ổ", "ô": "ơ", "ôï": "ợ", "ö": "ư", "öø": "ừ", "í": "í", "ì": "ì", "æ": "ỉ",
            "ó": "ĩ", "ò": "ị", "yù": "ý", "yõ": "ỹ", "î": "ỵ", "ñ": "đ", "AÙ": "Á", "AÊ": "Ă", "EÂ": "Ê",
            "OÂ": "Ô", "Ô": "Ơ", "Ö": "Ư", "ÖÙ": "Ứ", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị", "YÕ": "Ỹ", "Î": "Ỵ", "Ñ": "Đ"}
    for spelling, letter in spot.items():
        assert VNI[spelling] == letter, spelling


def test_every_letter_round_trips() -> None:
    for letter in LETTERS:
        assert to_unicode(from_unicode(letter, "vni"), "vni") == letter, letter
    for letter in LOWER_LETTERS + list("ĂÂÊÔƠƯĐ"):
        assert to_unicode(from_unicode(letter, "tcvn3"), "tcvn3") == letter, letter
    # TCVN3 has no code for a toned capital (the .VnTimeH fonts draw the small one as a capital): a lone one
    # comes back small; in an all-capitals word it comes back a capital.
    assert to_unicode(from_unicode("Ấp Ỵ", "tcvn3"), "tcvn3") == "ấp ỵ"
    assert to_unicode(from_unicode("ẤP", "tcvn3"), "tcvn3") == "ẤP"


# --- words -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("word", WORDS + UPPER)
@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_real_words_round_trip(word: str, encoding: str) -> None:
    legacy = from_unicode(word, encoding)  # type: ignore[arg-type]
    assert legacy != word
    assert all(ord(ch) <= 0xFF for ch in legacy), "legacy text is Latin-1 when read as Windows-1252"
    assert to_unicode(legacy, encoding) == word  # type: ignore[arg-type]


def test_text_as_officers_files_show_it() -> None:
    assert to_unicode("NguyÔn V¨n Hïng", "tcvn3") == "Nguyễn Văn Hùng"
    assert to_unicode("Ph\xadêng Mü Ph\xadíc", "tcvn3") == "Phường Mỹ Phước"  # ư is the soft-hyphen code
    assert to_unicode("B¶o Th¾ng", "tcvn3") == "Bảo Thắng"
    assert to_unicode("Ninh B×nh", "tcvn3") == "Ninh Bình"
    assert to_unicode("§¹i häc", "tcvn3") == "Đại học"
    assert to_unicode("DANH S¸CH", "tcvn3") == "DANH SÁCH"  # .VnTimeH: capitals drawn from lowercase codes
    assert to_unicode("Hå Lª", "tcvn3") == "Hồ Lê"  # one capital then codes: a title-case name, not capitals
    assert to_unicode("Tr\xadêng THCS Mü Ph\xadíc", "tcvn3") == "Trường THCS Mỹ Phước"
    assert to_unicode("Nguyeãn Vaên Huøng", "vni") == "Nguyễn Văn Hùng"
    assert to_unicode("Xin chaøo caùc baïn", "vni") == "Xin chào các bạn"
    assert to_unicode("Thò xaõ Beán Caùt", "vni") == "Thị xã Bến Cát"
    assert to_unicode("AÁp 3", "vni") == to_unicode("Aáp 3", "vni") == "Ấp 3"  # small mark on a capital
    for text in ("Hòa Lợi", "abc", ""):
        assert to_unicode(text, "unicode") == to_unicode(text, "unknown") == text


# --- detection ---------------------------------------------------------------------------------------------

LATIN1_UNICODE = ["Hòa", "Bình", "Tân", "Phú", "Võ", "Lê", "Hoà", "có", "không", "Chánh Phú Hòa", "Bình Dương",
                  "Krông Búk", "Café", "Hôtel", "Thuý", "Giàu", "Quý", "Khoèo", "5°", "MG 5T", "Sơ cấp", "HÒA"]


def test_unicode_and_ascii_never_fire() -> None:
    assert detect(WORDS) == "unicode"
    assert detect(UPPER) == "unicode"
    assert detect(LATIN1_UNICODE) == "unicode"
    for text in LATIN1_UNICODE + WORDS:
        assert detect([text]) == "unicode", text
    assert detect(["BC01", "Xa An Dien", "1990", "MG 5T", "THCS", "x"]) == "unicode"
    assert detect([]) == "unicode"
    assert detect(["", "Hòa Lợi"]) == "unicode"


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_columns_are_detected_and_convert(encoding: str) -> None:
    for column in (WORDS, UPPER, ["có", "không"], ["Đang ở", "Chuyển đến", "Chuyển đi", "Chết"],
                   ["Phường Mỹ Phước", "Xã An Điền", "Phường Hòa Lợi", "Phường Thới Hòa"]):
        legacy = [from_unicode(w, encoding) for w in column]  # type: ignore[arg-type]
        assert detect(legacy) == encoding, legacy
        assert [to_unicode(t, encoding) for t in legacy] == column  # type: ignore[arg-type]
    # ASCII values in a legacy column are not evidence either way
    assert detect([from_unicode("Khuyết tật", encoding), "BC01", "x"]) == encoding  # type: ignore[arg-type]


def test_values_that_read_both_ways_follow_the_column() -> None:
    # "mét" is a plausible Unicode syllable but TCVN3 for "một"; "Hoà" is Unicode but VNI for "Hồ"
    assert readings("mét") == {"unicode", "tcvn3"}
    assert detect(["mét", "ng\xadêi"]) == "tcvn3"
    assert to_unicode("mét", "tcvn3") == "một"
    assert detect(["Hoà", "Phöôùc"]) == "vni"
    assert detect(["Hoà", "Phước"]) == "unicode"


def test_mixed_columns_are_unknown() -> None:
    assert detect(["Phường Mỹ Phước", from_unicode("Hòa Lợi", "vni")]) == "unknown"
    assert detect(["Phường Mỹ Phước", from_unicode("Hòa Lợi", "tcvn3")]) == "unknown"
    assert detect([from_unicode("Hòa Lợi", "tcvn3"), from_unicode("Thới Hòa", "vni")]) == "unknown"
    assert detect(["Tân", from_unicode("Thới Hòa", "vni")]) == "unknown"  # "Tân" is no VNI spelling
