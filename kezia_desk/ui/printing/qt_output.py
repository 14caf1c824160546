"""Ordinary printers and PDF files through Qt: the same `PrintDocument` a thermal printer gets, as a narrow page.

The document is drawn with `QTextDocument.drawContents()` on a page exactly as tall as the text (no pagination,
so Qt adds no page number). Called from the print worker's thread (Qt allows painting on QPdfWriter, QPrinter
and QImage outside the GUI thread), never on the event loop. A computer with no printer installed is a normal
case: the job waits and the status bar says so in French.
"""
from __future__ import annotations

import html
import re
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from ...domain.print_document import PrintDocument, PrinterUnavailable
from ...domain.printer_settings import PrinterConfig, PrinterKind

POINTS_PER_MM = 72 / 25.4
UNITS_PER_POINT = 10  # the layout's unit: a tenth of a point, so glyph positions are not rounded to whole points
MARGIN_MM = 3.0
NO_PRINTER = ("Aucune imprimante n'est installée sur cet ordinateur : choisissez une imprimante thermique ou "
              "« Dossier PDF » dans Fichier > Paramètres > Impression.")


def document_html(document: PrintDocument, pixel_size: int) -> str:
    """Monospaced lines, as on the thermal paper; large lines twice the size."""
    rows = []
    for line in document.lines:
        style = f"text-align:{line.align};"
        if line.bold:
            style += "font-weight:bold;"
        if line.large:
            style += f"font-size:{2 * pixel_size}px;"
        rows.append(f'<p style="margin:0;white-space:pre;{style}">{html.escape(line.text) or "&nbsp;"}</p>')
    return "".join(rows)


def text_document(document: PrintDocument, width_points: float) -> QTextDocument:
    """Laid out `width_points` wide (in tenths of a point) with a monospaced font sized so `columns` characters
    fill the width. Pixel sizes, not point sizes: a document without a device would convert points at the
    screen's 96 dpi."""
    width = width_points * UNITS_PER_POINT
    text = QTextDocument()
    font = text.defaultFont()
    font.setFamily("DejaVu Sans Mono")
    font.setStyleHint(font.StyleHint.Monospace)
    pixel_size = int(width / document.columns / 0.61)  # a DejaVu Sans Mono glyph is 0.602 em wide
    font.setPixelSize(pixel_size)
    text.setDefaultFont(font)
    text.setDocumentMargin(0)
    text.setHtml(document_html(document, pixel_size))
    text.setTextWidth(width)
    return text


def height_mm(text: QTextDocument) -> float:
    return text.size().height() / UNITS_PER_POINT / POINTS_PER_MM + 2 * MARGIN_MM


def page_size_points(config: PrinterConfig) -> float:
    return (config.width_mm - 2 * MARGIN_MM) * POINTS_PER_MM


def render_pdf(document: PrintDocument, path: Path, width_mm: int) -> Path:
    """One page `width_mm` wide and as tall as the document."""
    width = (width_mm - 2 * MARGIN_MM) * POINTS_PER_MM
    text = text_document(document, width)
    page_height = height_mm(text)
    writer = QPdfWriter(str(path))
    writer.setResolution(1200)
    writer.setTitle(document.title)
    writer.setCreator("Kezia Desk")
    writer.setPageLayout(QPageLayout(QPageSize(QSizeF(width_mm, page_height), QPageSize.Unit.Millimeter),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    _paint(writer, text)
    return path


def _paint(device: QPdfWriter | QPrinter | QImage, text: QTextDocument) -> None:
    painter = QPainter(device)
    try:
        scale = device.logicalDpiX() / 72 / UNITS_PER_POINT
        painter.scale(scale, scale)
        margin = MARGIN_MM * POINTS_PER_MM * UNITS_PER_POINT
        painter.translate(margin, margin)
        text.drawContents(painter)
    finally:
        painter.end()


def render_image(document: PrintDocument, width_mm: int, dots_per_mm: float = 8.0) -> QImage:
    """A picture of the paper as it comes out (README, look at it): 8 dots a mm like a 203 dpi thermal head."""
    width = (width_mm - 2 * MARGIN_MM) * POINTS_PER_MM
    text = text_document(document, width)
    page_height = height_mm(text)
    image = QImage(int(width_mm * dots_per_mm), int(page_height * dots_per_mm), QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(int(dots_per_mm * 1000))
    image.setDotsPerMeterY(int(dots_per_mm * 1000))
    image.fill(QColor("white"))
    _paint(image, text)
    return image


def pdf_path(folder: Path, document: PrintDocument) -> Path:
    safe = re.sub(r"[^\w\- °]+", "_", document.title).strip() or "impression"
    stamp = datetime.now().strftime("%Y-%m-%d %H-%M-%S-%f")
    return folder / f"{stamp} {safe}.pdf"


def system_printers() -> list[str]:
    """The printers the system knows (none without CUPS or a Windows printer: a normal case)."""
    return [info.printerName() for info in QPrinterInfo.availablePrinters()]


def print_with_qt(config: PrinterConfig, document: PrintDocument, copies: int) -> None:
    """The print queue's output for « Imprimante du système » and « Dossier PDF » (worker thread)."""
    if config.kind is PrinterKind.PDF:
        folder = Path(config.pdf_folder).expanduser()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            render_pdf(document, pdf_path(folder, document), config.width_mm)
        except OSError as error:
            raise PrinterUnavailable(f"Le dossier PDF {folder} n'est pas accessible en écriture ({error.strerror})."
                                     " Nouvel essai automatique.") from error
        return
    info = QPrinterInfo.printerInfo(config.system_name) if config.system_name else QPrinterInfo.defaultPrinter()
    if info.isNull():
        if not QPrinterInfo.availablePrinters():
            raise PrinterUnavailable(NO_PRINTER)
        raise PrinterUnavailable(f"L'imprimante « {config.system_name or 'par défaut'} » n'existe plus sur cet "
                                 "ordinateur : choisissez-en une autre dans Fichier > Paramètres > Impression.")
    width = page_size_points(config)
    text = text_document(document, width)
    page_height = height_mm(text)
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    printer.setDocName(document.title)
    printer.setCopyCount(copies)
    printer.setPageLayout(QPageLayout(QPageSize(QSizeF(config.width_mm, page_height), QPageSize.Unit.Millimeter),
                                      QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    _paint(printer, text)
