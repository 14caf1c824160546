"""Exit 0 when a screenshot shows a real screen: a readable PNG of a window's size, many colours, not black.

Usage: `python packaging/check_screenshot.py FILE.png` (packaging/build.sh runs it on the frozen till's capture).
A window that failed to paint saves as one flat colour (often black); the home screen has dozens of colours.
"""
from __future__ import annotations

import sys

MIN_SIDE = 300
MIN_COLOURS = 16
MAX_DARK_SHARE = 0.5


def check(path: str) -> str | None:
    """None when the image looks like a screen, else why not (in French, for build.sh's message)."""
    from PySide6.QtGui import QImage

    image = QImage(path)
    if image.isNull():
        return f"{path} n'est pas une image lisible"
    if min(image.width(), image.height()) < MIN_SIDE:
        return f"{path} ne fait que {image.width()} × {image.height()} px"
    colours, dark, samples = set(), 0, 0
    for y in range(0, image.height(), 4):
        for x in range(0, image.width(), 4):
            rgb = image.pixel(x, y) & 0xFFFFFF
            colours.add(rgb)
            dark += ((rgb >> 16) & 0xFF) + ((rgb >> 8) & 0xFF) + (rgb & 0xFF) < 60
            samples += 1
    if len(colours) < MIN_COLOURS:
        return f"{path} n'a que {len(colours)} couleur(s)"
    if dark / samples > MAX_DARK_SHARE:
        return f"{path} est noire à {dark / samples:.0%}"
    print(f"Capture {image.width()} × {image.height()} px, {len(colours)} couleurs, {dark / samples:.0%} de noir.")
    return None


if __name__ == "__main__":
    problem = check(sys.argv[1])
    if problem:
        print(problem, file=sys.stderr)
    sys.exit(1 if problem else 0)
