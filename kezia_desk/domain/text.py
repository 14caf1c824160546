"""Text rules shared by every search box of the till."""
from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case without accents, so "creme" finds "Crème" and "zoe" finds "Zoé"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
