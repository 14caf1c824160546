"""Numbers read back from the settings table: an odd stored value (text, None, out of range) never breaks the till,
it is brought back within the setting's bounds."""
from __future__ import annotations

import math
from typing import Any


def within_bounds(value: Any, default: int, bounds: tuple[int, int]) -> int:
    """`value` as a whole number within `bounds`, or `default` when it is not a number at all."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float(default)
    if not math.isfinite(number):
        number = float(default)
    return max(bounds[0], min(bounds[1], int(number)))
