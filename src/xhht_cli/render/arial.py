"""Arial's advance widths, so that a row's wrapped lines are counted as LibreOffice and Excel draw them.

Read from Liberation Sans 2 (the metric twin of Arial: the same advance for every glyph), in thousandths of the
font size. A Vietnamese letter is as wide as its base letter (tone marks and circumflexes sit above or below it),
except the horned ơ and ư, and ì í ĩ, whose i is wider than the dotted one. An average width per letter (6.9 px
at 11 pt) counted a line of 48 letters where LibreOffice fits 50 to 52: rows a line too tall, pages wasted.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_GROUPS = {
    191: "'", 222: "ijl‘’", 260: "|", 278: " !,./:;I[\\]ft", 333: "()-`r“”·", 334: "{}", 355: '"', 389: "*",
    400: "°", 469: "^", 500: "Jcksvxyz", 549: "≥≤÷", 556: "#$0123456789?L_abdeghnopqu–đ", 584: "+<=>~×",
    611: "FTZ", 667: "&ABEKPSVXY", 722: "CDHNRUwĐ", 778: "GOQ", 833: "Mm", 889: "%", 944: "W", 1000: "—…",
    1015: "@",
}
WIDTHS = {ch: w for w, chars in _GROUPS.items() for ch in chars}
WIDTHS.update({"ơ": 656, "Ơ": 857, "ư": 669, "Ư": 854})
WIDER_I = {"ì": 278, "í": 278, "ĩ": 278, "Ì": 278, "Í": 278, "Ĩ": 278}
BOLD_WIDER = 1.08  # bold Arial (headers, totals) is about 8% wider than regular over Vietnamese words
UNKNOWN = 611  # a glyph outside the table: a little wider than a letter, so that a line is never undercounted


@lru_cache(maxsize=4096)
def char_width(ch: str) -> int:
    """The advance of one character in thousandths of the font size."""
    if ch in WIDTHS:
        return WIDTHS[ch]
    if ch in WIDER_I:
        return WIDER_I[ch]
    base = unicodedata.normalize("NFD", ch)
    if len(base) > 1 and base[0] in WIDTHS:
        # the horn (U+031B) survives decomposition: ớ → o + horn + acute; a horned letter is the wider one
        horned = {"o": "ơ", "O": "Ơ", "u": "ư", "U": "Ư"}.get(base[0]) if "\u031b" in base else None
        return WIDTHS[horned] if horned else WIDTHS[base[0]]
    return UNKNOWN


def text_px(text: str, size_pt: float, bold: bool = False) -> float:
    """The width of `text` in pixels (96 per inch) at `size_pt`."""
    return sum(char_width(ch) for ch in text) * size_pt / 1000 * 4 / 3 * (BOLD_WIDER if bold else 1.0)
