"""Renders the app icon from its SVG: the freedesktop hicolor sizes (16 to 512 px) and a Windows .ico.

Usage: `python packaging/render_icons.py OUT_DIR` (the PyInstaller spec runs it). Qt's own SVG renderer draws
each size from the vector, so small sizes are drawn at their size, not shrunk from a big bitmap.

OUT_DIR/hicolor/<N>x<N>/apps/kezia-desk.png, OUT_DIR/hicolor/scalable/apps/kezia-desk.svg, OUT_DIR/kezia-desk.ico
"""
from __future__ import annotations

import os
import shutil
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "kezia_desk_resources" / "images" / "kezia-desk.svg"
ICON_NAME = "kezia-desk"
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest an .ico entry holds


def render_png(renderer, size: int) -> bytes:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter

    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError(f"PNG {size} px impossible à écrire")
    return bytes(data.data())


def ico_file(pngs: dict[int, bytes]) -> bytes:
    """An .ico holding PNG images (Windows Vista and later read them): a 6-byte header, one 16-byte entry per
    image, then the images. Width and height 256 are written as 0, as the format says."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, images = b"", b""
    for size, png in sorted(pngs.items()):
        side = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(images))
        images += png
    return header + entries + images


def render_icons(out_dir: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - QPainter needs one
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise RuntimeError(f"SVG illisible : {SVG}")
    written = []
    pngs = {size: render_png(renderer, size) for size in sorted(set(HICOLOR_SIZES) | set(ICO_SIZES))}
    for size in HICOLOR_SIZES:
        target = out_dir / "hicolor" / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pngs[size])
        written.append(target)
    scalable = out_dir / "hicolor" / "scalable" / "apps" / f"{ICON_NAME}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SVG, scalable)
    written.append(scalable)
    ico = out_dir / f"{ICON_NAME}.ico"
    ico.write_bytes(ico_file({size: pngs[size] for size in ICO_SIZES}))
    written.append(ico)
    return written


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("Utilisation : python packaging/render_icons.py DOSSIER")
    files = render_icons(Path(sys.argv[1]))
    print(f"{len(files)} icônes écrites dans {sys.argv[1]}")
