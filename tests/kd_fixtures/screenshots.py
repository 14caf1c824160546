"""Screenshots for the README: with KEZIA_SHOTS=DIR the UI tests save what the cashier sees there."""
from __future__ import annotations

import os
from pathlib import Path


def shot(widget, name: str) -> None:
    """Save `widget` as DIR/name when KEZIA_SHOTS=DIR is set (docs/screenshots for the README)."""
    folder = os.environ.get("KEZIA_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / name))
