"""Vietnamese text keys: match headers and names ignoring case, spacing and (as a fallback) diacritics."""

from __future__ import annotations

import re
import unicodedata

_PUNCT = re.compile(r"[^\w/]+", re.UNICODE)
_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def key(text: object) -> str:
    """Case-, spacing- and punctuation-insensitive key that keeps diacritics."""
    if text is None:
        return ""
    s = nfc(str(text)).casefold().replace("_", " ")
    s = _PUNCT.sub(" ", s)
    s = re.sub(r"\s*/\s*", "/", s)
    return _SPACES.sub(" ", s).strip()


def fold(text: object) -> str:
    """`key` without diacritics (đ → d): the fallback match for typed-without-accents text."""
    s = key(text).replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", s)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def slug(text: object) -> str:
    """ASCII file-name form: 'Phường Mỹ Phước' → 'phuong-my-phuoc'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
