"""Vietnamese typed in the legacy TCVN3 (ABC, ".Vn" fonts) and VNI-Windows encodings.

Such text reaches us as Latin-1 characters: a .VnTime cell "NguyÔn V¨n Hïng" holds one code per
Vietnamese letter, a VNI-Times cell "Nguyeãn Vaên Huøng" a base letter followed by a mark character.
Detection reads every word three ways (as Unicode, as TCVN3, as VNI) and keeps the readings that give
well-formed Vietnamese syllables; a column is legacy only when some of its values make sense in a
legacy reading and not as Unicode, and every value agrees with one legacy encoding.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

Encoding = Literal["unicode", "tcvn3", "vni", "unknown"]
FONTS = ("tcvn3", "vni")  # the legacy fonts whose text is converted to Unicode

HOW_TO_CONVERT = ("chuyển mã cột này sang Unicode (ví dụ UniKey Toolkit: Ctrl+Shift+F6, chọn bảng mã nguồn TCVN3 "
                  "hoặc VNI Windows, đích Unicode) rồi đổi phông sang Times New Roman hoặc Arial")

# Tones in the order of the TCVN3 code blocks (huyền, hỏi, ngã, sắc, nặng), as combining marks.
GRAVE, HOOK, TILDE, ACUTE, DOT = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
TONES = (GRAVE, HOOK, TILDE, ACUTE, DOT)
VOWELS = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")


def _toned(vowel: str, tone: str) -> str:
    return unicodedata.normalize("NFC", vowel + tone)


# TCVN 5712:1993 VN3 (the ABC fonts .VnTime, .VnArial …): per vowel, the codes of the plain letter and
# of its five toned forms, in the tone order above. Toned capitals have no code: the ".VnTimeH" fonts
# draw the lowercase codes as capitals.
_TCVN3_VOWELS = {
    "a": "aµ¶·¸¹", "ă": "¨»¼½¾Æ", "â": "©ÇÈÉÊË", "e": "eÌÎÏÐÑ", "ê": "ªÒÓÔÕÖ", "i": "i×ØÜÝÞ",
    "o": "oßáâãä", "ô": "«åæçèé", "ơ": "¬êëìíî", "u": "uïñòóô", "ư": "\xadõö÷øù", "y": "yúûüýþ",
}
_TCVN3_UPPER = {"¡": "Ă", "¢": "Â", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư", "§": "Đ"}
TCVN3: dict[str, str] = {"®": "đ", **_TCVN3_UPPER}
for _v, _codes in _TCVN3_VOWELS.items():
    for _code, _tone in zip(_codes, ("",) + TONES):
        if _code != _v:
            TCVN3[_code] = _toned(_v, _tone)

# VNI-Windows: a letter is a base (a, e, o, u, y, or ô = ơ, ö = ư) followed by at most one mark
# character; i and ỵ, đ, ơ and ư have single characters. Capitals use the capital mark characters.
_VNI_TONE = dict(zip(("",) + TONES, ("", "ø", "û", "õ", "ù", "ï")))
_VNI_CIRCUMFLEX = dict(zip(("",) + TONES, ("â", "à", "å", "ã", "á", "ä")))
_VNI_BREVE = dict(zip(("",) + TONES, ("ê", "è", "ú", "ü", "é", "ë")))
_VNI_BASE = {"a": ("a", _VNI_TONE), "â": ("a", _VNI_CIRCUMFLEX), "ă": ("a", _VNI_BREVE), "e": ("e", _VNI_TONE),
             "ê": ("e", _VNI_CIRCUMFLEX), "o": ("o", _VNI_TONE), "ô": ("o", _VNI_CIRCUMFLEX), "ơ": ("ô", _VNI_TONE),
             "u": ("u", _VNI_TONE), "ư": ("ö", _VNI_TONE), "y": ("y", _VNI_TONE)}
_VNI_I = dict(zip(("",) + TONES, ("i", "ì", "æ", "ó", "í", "ò")))


def _vni_spellings() -> dict[str, str]:
    """Unicode letter → VNI spelling, lower and upper case."""
    table = {"đ": "ñ"}
    for vowel in VOWELS:
        for tone in ("",) + TONES:
            letter = _toned(vowel, tone)
            if vowel == "i":
                table[letter] = _VNI_I[tone]
            elif vowel == "y" and tone == DOT:
                table[letter] = "î"
            else:
                base, marks = _VNI_BASE[vowel]
                table[letter] = base + marks[tone]
    table.update({k.upper(): v.upper() for k, v in table.items()})
    return {k: v for k, v in table.items() if k != v or not k.isascii()}  # í, ì are their own VNI codes


VNI_FROM_UNICODE = _vni_spellings()
# Officers' files sometimes pair a capital base with a small mark (or the reverse): read both, taking
# the case from the base letter.
VNI: dict[str, str] = {}
for _letter, _spelling in VNI_FROM_UNICODE.items():
    VNI[_spelling] = _letter
    if len(_spelling) == 2:
        _mark = _spelling[1]
        VNI.setdefault(_spelling[0] + (_mark.lower() if _mark.isupper() else _mark.upper()), _letter)
TCVN3_FROM_UNICODE = {u: c for c, u in TCVN3.items()}
for _c, _u in list(TCVN3.items()):
    TCVN3_FROM_UNICODE.setdefault(_u.upper(), _c)  # a toned capital is written with its lowercase code


def to_unicode(text: str, encoding: Encoding) -> str:
    """Convert one cell's text; "unicode" and "unknown" return it unchanged."""
    if encoding == "tcvn3":
        return _from_tcvn3(text)[0]
    if encoding == "vni":
        return _from_vni(text)[0]
    return text


def converted(text: str, encoding: str) -> str:
    """A value as read: from a legacy font, converted to Unicode and NFC-normalised (as text cleaning leaves
    Unicode text); any other (Unicode, undecided), as it is."""
    if encoding not in FONTS:
        return text
    return unicodedata.normalize("NFC", to_unicode(text, encoding))  # type: ignore[arg-type]


def from_unicode(text: str, encoding: Literal["tcvn3", "vni"]) -> str:
    """Unicode → legacy, as a .Vn or VNI font shows it read as Windows-1252 (for tests and samples)."""
    table = TCVN3_FROM_UNICODE if encoding == "tcvn3" else VNI_FROM_UNICODE
    return "".join(table.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def _from_tcvn3(text: str) -> tuple[str, bool]:
    """(converted, clean): clean is False when a non-ASCII character has no TCVN3 meaning."""
    clean = all(ch in TCVN3 or ch.isascii() or ch.isspace() for ch in text)
    words = text.split(" ")
    converted = ["".join(TCVN3.get(ch, ch) for ch in w) for w in words]
    # A .VnTimeH word (capitals drawn from lowercase codes) is all capitals: NGUYÔN, ÊP. A capital after
    # the first letter tells it from a title-case word (Hå = Hồ); once one word shows it, the value's other
    # words without small ASCII letters are capitals too (PH¦êNG Mü → PHƯỜNG MỸ).
    if any(_all_capitals(w) for w in words):
        converted = [c.upper() if not _has_ascii_lower(w) else c for c, w in zip(converted, words)]
    return " ".join(converted), clean


def _all_capitals(word: str) -> bool:
    later_capital = any("A" <= ch <= "Z" or ch in _TCVN3_UPPER for ch in word[1:])
    return later_capital and not word.isascii() and not _has_ascii_lower(word)


def _has_ascii_lower(word: str) -> bool:
    return any("a" <= ch <= "z" for ch in word)


def _from_vni(text: str) -> tuple[str, bool]:
    """(converted, clean): clean is False when a non-ASCII character is left that VNI does not use there
    (a mark after a letter it cannot go on, a character VNI has no meaning for)."""
    out: list[str] = []
    clean = True
    i = 0
    while i < len(text):
        pair = text[i:i + 2]
        if len(pair) == 2 and pair in VNI:
            out.append(VNI[pair])
            i += 2
            continue
        ch = text[i]
        if ch in VNI:
            out.append(VNI[ch])
        else:
            clean &= ch.isascii() or ch.isspace()
            out.append(ch)
        i += 1
    return "".join(out), clean


# --- is a word Vietnamese? --------------------------------------------------------------------------------

_VN_SPECIFIC = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0"
                          "\u1ea0-\u1ef9\u0300-\u0303\u0309\u0323]")
_SPLIT = re.compile(r"[\s0-9!-/:-@\[-`{-~]+")
# Vowel clusters: ending in a semivowel (no final consonant), needing a final consonant, or either.
_OPEN = """ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu iêu yêu oai oao oay oeo uây uôi uya uyu ươi
    ươu""".split()
_CLOSED = "ă â iê yê uô ươ uyê oă uâ".split()
# "oo" (xoong, moóc) is left out: too rare to matter, and VNI's o + circumflex mark reads as it in TCVN3.
_EITHER = "a e ê i o ô ơ u ư y oa oe uê uơ uy".split()


def _alternatives(clusters: list[str]) -> str:
    return "|".join(sorted(clusters, key=len, reverse=True))


# Onsets are left loose (ethnic-minority names: Krông, H'Mông); the vowel cluster, the final consonant
# and the tone are what tell a legacy spelling ("Tieán", "Leâ", "coù") from Vietnamese.
_SYLLABLE = re.compile(r"^[bcdđfghjklmnpqrstvwxz]*?(?:gi|qu)?(?:(?:" + _alternatives(_OPEN) + r")|(?:"
                       + _alternatives(_CLOSED) + r")(?P<coda>ch|ng|nh|[cmnptk])|(?:" + _alternatives(_EITHER)
                       + r")(?P<coda2>ch|ng|nh|[cmnptk])?)$")
_STOPS = {"c", "ch", "p", "t", "k"}  # a syllable ending in a stop takes only the sắc or nặng tone
_MARKS_ON = {"\u0302": "aeo", "\u0306": "a", "\u031b": "ou", **{t: "aeiouy" for t in TONES}}


def _is_word(word: str) -> bool:
    """A well-formed Vietnamese syllable (case: lower, upper or title), an abbreviation (THCS, ĐBKK), or a
    run of symbols."""
    if word.isascii() or (word.isupper() and all("A" <= ch <= "Z" or ch == "Đ" for ch in word)):
        return True
    if not any(ch.isalpha() for ch in word):
        # A lone symbol (§, °) is punctuation; a run of TCVN3 codes (§· = Đã) is a word in a legacy font.
        return len(word) == 1 or not all(ch in TCVN3 for ch in word)
    if not (word.islower() or word.isupper() or word.istitle()):
        return False
    decomposed = unicodedata.normalize("NFD", word.lower())
    base = ""
    tones = 0
    for ch in decomposed:
        if ch in _MARKS_ON:
            if not base or base[-1] not in _MARKS_ON[ch]:
                return False
            tones += ch in TONES
        elif ("a" <= ch <= "z") or ch == "đ":
            base += ch
        else:
            return False
    if tones > 1:
        return False
    skeleton = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in TONES))
    m = _SYLLABLE.match(skeleton)
    if m is None:
        return False
    stop = (m.group("coda") or m.group("coda2")) in _STOPS
    return not (stop and any(t in decomposed for t in (GRAVE, HOOK, TILDE)))


def _words_ok(text: str) -> bool:
    return all(_is_word(w) for w in _SPLIT.split(text) if w)


def readings(text: str) -> set[str]:
    """The encodings under which `text` reads as Vietnamese ("unicode", "tcvn3", "vni")."""
    text = unicodedata.normalize("NFC", text)
    if text.isascii():
        return {"unicode"}
    if _VN_SPECIFIC.search(text):
        return {"unicode"}  # legacy text is Latin-1 only; these letters exist only in Unicode
    found = {"unicode"} if _words_ok(text) else set()
    for name, convert in (("tcvn3", _from_tcvn3), ("vni", _from_vni)):
        converted, clean = convert(text)
        if clean and _words_ok(unicodedata.normalize("NFC", converted)):
            found.add(name)
    return found


def detect(texts: list[str]) -> Encoding:
    """The encoding of a column from its distinct values: "unicode" (nothing to convert, including plain
    ASCII), "tcvn3" or "vni" (every value converts), "unknown" (legacy-looking text that no single
    encoding explains, or legacy text mixed with Unicode Vietnamese)."""
    found = [readings(t) for t in texts if t and not t.isascii()]
    if all("unicode" in r for r in found):
        return "unicode"
    if not any(r and "unicode" not in r for r in found):
        return "unicode"  # what is not Unicode makes no sense in a legacy reading either: foreign words, symbols
    # Unicode and legacy text mixed, or legacy text that neither encoding explains alone: no guess.
    explains = [e for e in FONTS if all(e in r for r in found)]
    return explains[0] if len(explains) == 1 else "unknown"  # type: ignore[return-value]


__all__ = ["Encoding", "FONTS", "converted", "detect", "to_unicode", "from_unicode", "readings", "HOW_TO_CONVERT", "TCVN3", "VNI"]
