"""What a printer is asked to print, laid out once for any printer: lines of text at a given width.

Receipts, kitchen tickets, closures and the test page are all turned into a `PrintDocument` by pure functions
(domain/receipt.py, domain/kitchen_ticket.py…), so the same layout goes to a thermal printer (ESC/POS), an
ordinary printer or a PDF (Qt), and tests read it without any printer. A document is plain data: it is kept as
JSON in the print queue, so a job printed after a restart is the very ticket that was queued.
"""
from __future__ import annotations

import textwrap
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

Align = Literal["left", "center", "right"]
REPRINT_BANNER = "RÉIMPRESSION"


class PrinterUnavailable(Exception):
    """A printer could not be reached or refused the job; `message_fr` says so to the cashier in one sentence."""

    def __init__(self, message_fr: str) -> None:
        super().__init__(message_fr)
        self.message_fr = message_fr


@dataclass(frozen=True)
class PrintLine:
    """One printed line. `large` is double width and height: it holds half as many characters."""

    text: str
    large: bool = False
    bold: bool = False
    align: Align = "left"


@dataclass(frozen=True)
class PrintDocument:
    """A laid-out document for a printer of `columns` characters a line (font A)."""

    title: str
    columns: int
    lines: tuple[PrintLine, ...] = field(default_factory=tuple)
    cut: bool = True
    open_drawer: bool = False

    def text(self) -> str:
        """The document as plain text (what a test or a PDF reader finds in it)."""
        return "\n".join(line.text for line in self.lines)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PrintDocument:
        lines = tuple(PrintLine(**line) for line in data.get("lines", ()))
        return cls(title=data["title"], columns=int(data["columns"]), lines=lines, cut=bool(data.get("cut", True)),
                   open_drawer=bool(data.get("open_drawer", False)))

    def with_banner(self, banner: str) -> PrintDocument:
        """The same document with a large banner on top (« RÉIMPRESSION »), said once even if asked twice."""
        first = PrintLine(banner, large=True, bold=True, align="center")
        if self.lines and self.lines[0] == first:
            return self
        return replace(self, lines=(first, *self.lines))

    def without_drawer(self) -> PrintDocument:
        return replace(self, open_drawer=False)


class Layout:
    """Builds the lines of a document `columns` wide: wrapped text, two columns, rules, large titles."""

    def __init__(self, columns: int) -> None:
        self.columns = columns
        self.lines: list[PrintLine] = []

    def add(self, text: str = "", *, large: bool = False, bold: bool = False, align: Align = "left") -> None:
        width = self.columns // 2 if large else self.columns
        for part in wrap(text, width):
            self.lines.append(PrintLine(part, large, bold, align))

    def blank(self) -> None:
        self.lines.append(PrintLine(""))

    def rule(self, char: str = "-") -> None:
        self.lines.append(PrintLine(char * self.columns))

    def pair(self, left: str, right: str, *, bold: bool = False, indent: int = 0) -> None:
        """`left` … `right` on one line, right-aligned; a long left side wraps above its amount."""
        room = self.columns - len(right) - 1
        parts = wrap(" " * indent + left, max(room, 8)) or [""]
        for part in parts[:-1]:
            self.lines.append(PrintLine(part, bold=bold))
        last = parts[-1]
        if len(last) + 1 + len(right) > self.columns:
            self.lines.append(PrintLine(last, bold=bold))
            last = ""
        self.lines.append(PrintLine(last.ljust(self.columns - len(right)) + right, bold=bold))

    def document(self, title: str, *, cut: bool = True, open_drawer: bool = False) -> PrintDocument:
        return PrintDocument(title, self.columns, tuple(self.lines), cut, open_drawer)


def wrap(text: str, width: int) -> list[str]:
    """Text cut into lines of at most `width` characters, on spaces where possible; an empty text is one line."""
    result: list[str] = []
    for paragraph in text.splitlines() or [""]:
        result += textwrap.wrap(paragraph, width, break_long_words=True, break_on_hyphens=False) or [""]
    return result


def printer_test_page(columns: int, printer_name: str) -> PrintDocument:
    """« Test d'impression »: the French characters that clone printers garble, the euro sign, and a ruler that
    shows how many columns the printer really has (42 marks: 4 then 2 on the last mark)."""
    layout = Layout(columns)
    layout.add("Test d'impression", large=True, bold=True, align="center")
    layout.add(printer_name, align="center")
    layout.rule("=")
    layout.add("Accents : é è ê ë à â ç ô û ù ï î")
    layout.add("Majuscules : É È À Ç Ô")
    layout.add("Ligatures : œ Œ — cœur, sœur, Œuvre")
    layout.add("Euro : 12,50 € — guillemets « ok »")
    layout.rule("=")
    layout.add("Règle de 42 colonnes :")
    ruler = "".join(str(i % 10) for i in range(1, 43))
    for part in wrap(ruler, columns):
        layout.add(part)
    layout.add(f"Largeur de ce réglage : {columns} colonnes")
    return layout.document("Test d'impression")
