"""Text rules shared by every search box of the till."""
from __future__ import annotations

import re
import unicodedata
from typing import Any


def fold(text: str) -> str:
    """Lower-case without accents, so "creme" finds "Crème" and "zoe" finds "Zoé"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


REPLACEMENT_CHARACTER = "\ufffd"
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_UNREADABLE = re.compile("[\ud800-\udfff\ufffd]")


def has_lone_surrogate(text: str) -> bool:
    """True when no UTF-8 text can hold `text` (a lone surrogate, see `readable_json`)."""
    return not text.isascii() and _LONE_SURROGATE.search(text) is not None


def readable_json(value: Any) -> tuple[Any, int]:
    """JSON as Python reads it, with every lone surrogate (a `\\ud800` escape alone: valid JSON, but no UTF-8 text
    can hold it, so SQLite and Qt refuse it) replaced by « � », in keys and values; and how many unreadable
    characters the text holds (those replaced, and any « � » that came already replaced).

    The same object comes back when nothing needed replacing, so the common order costs one walk and no copy.
    (Python joins a valid pair `\\ud83d\\ude00` into one character: any code point left in D800–DFFF is alone.)"""
    found = 0

    def clean(item: Any) -> Any:
        nonlocal found
        if isinstance(item, str):
            if item.isascii() or _UNREADABLE.search(item) is None:
                return item
            found += len(_UNREADABLE.findall(item))
            return _LONE_SURROGATE.sub(REPLACEMENT_CHARACTER, item)
        if isinstance(item, dict):
            pairs = [(clean(key), clean(element)) for key, element in item.items()]
            if all(new_key is key and new is element
                   for (new_key, new), (key, element) in zip(pairs, item.items(), strict=True)):
                return item
            return dict(pairs)
        if isinstance(item, list):
            elements = [clean(element) for element in item]
            return item if all(new is old for new, old in zip(elements, item, strict=True)) else elements
        return item

    return clean(value), found


def plural(count: int, singular: str, plural_form: str) -> str:
    """« 1 nouvelle commande », « 2 nouvelles commandes », « 0 article »: French puts 0 and 1 in the singular;
    a real plural instead of « commande(s) »."""
    return f"{count} {singular if abs(count) < 2 else plural_form}"
