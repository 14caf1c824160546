"""Reading a HubRise catalog: tolerant of both spellings of its option lists.

HubRise's catalogs page uploads them as `data.option_lists` (Create Catalog parameters) but shows
`"options_lists": [...]` when a catalog is read (Retrieve Catalog example); HubRise's ruby-app fixtures spell it
the reading way too. The till reads either, and writes only `option_lists`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

OPTION_LIST_KEYS = ("options_lists", "option_lists")


@dataclass(frozen=True)
class CatalogCounts:
    """What a catalog holds, as the E/S export reports it."""

    products: int
    categories: int
    options: int


def option_lists_of(data: Any) -> list[dict]:
    """The option lists of catalog `data`, whichever key HubRise used."""
    if not isinstance(data, dict):
        return []
    for key in OPTION_LIST_KEYS:
        value = data.get(key)
        if isinstance(value, list):
            return [entry for entry in value if isinstance(entry, dict)]
    return []


def catalog_counts(data: Any) -> CatalogCounts:
    """Products, categories and options of catalog `data` (a missing or malformed part counts as empty)."""
    if not isinstance(data, dict):
        return CatalogCounts(0, 0, 0)

    def count(key: str) -> int:
        value = data.get(key)
        return len(value) if isinstance(value, list) else 0

    options = sum(len(entry["options"]) for entry in option_lists_of(data) if isinstance(entry.get("options"), list))
    return CatalogCounts(count("products"), count("categories"), options)
