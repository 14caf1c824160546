"""Text rules shared by every search box of the till."""
from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case without accents, so "creme" finds "Crème" and "zoe" finds "Zoé"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def plural(count: int, singular: str, plural_form: str) -> str:
    """« 1 nouvelle commande », « 2 nouvelles commandes », « 0 article »: French puts 0 and 1 in the singular;
    a real plural instead of « commande(s) »."""
    return f"{count} {singular if abs(count) < 2 else plural_form}"
