"""A `PrintDocument` as ESC/POS bytes, and those bytes sent to a thermal printer with short timeouts.

The bytes are built with python-escpos's `Dummy` printer (the exact bytes a device would get), then written to
the device in one go. Each job starts with `ESC @` (a code page chosen earlier can be lost between jobs) and
`ESC t n`; the text is encoded by the till in that code page (CP1252 or ISO-8859-15 print « œ Œ € » exactly), so
what is sent never depends on python-escpos guessing an encoding. python-escpos waits up to 60 s for a network
printer by default: here a connection gets 3 s and each write 3 s, so a printer that is off costs the worker
thread 3 s and the till nothing.
"""
from __future__ import annotations

import logging
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.print_document import PrintDocument, PrinterUnavailable
from ..domain.printer_settings import CODE_PAGES, DEFAULT_COLUMNS, PrinterConfig, PrinterKind

if TYPE_CHECKING:
    from escpos.printer import Dummy

CONNECT_TIMEOUT = 3.0  # seconds: network connect and each write
PAPER_FULL_CUT = b"\x1dV\x00"  # GS V 0 (python-escpos's constant)


@cache
def escpos_printer_module() -> Any:
    """python-escpos, imported at the first print, never at start-up: at import it parses its printer database
    (≈ 0.4 s, unless the pickle it leaves in ESCPOS_CAPABILITIES_PICKLE_DIR is there: a fixed folder, not a new
    temporary one each start) and calls logging.basicConfig(), which must not configure the till's logging."""
    folder = Path(tempfile.gettempdir()) / "kezia-desk-escpos"
    folder.mkdir(exist_ok=True)
    os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", str(folder))
    root = logging.getLogger()
    handlers = list(root.handlers)
    import escpos.printer

    root.handlers[:] = handlers  # what basicConfig() added goes
    return escpos.printer


def dummy(profile: str) -> Dummy:
    return escpos_printer_module().Dummy(profile=profile)


def code_page_number(config: PrinterConfig) -> int:
    """The `ESC t` number: the one forced in the settings, else the profile's (its lowest, the Epson one), else
    the usual Epson number."""
    if config.code_page_number is not None:
        return config.code_page_number
    pages = dummy(config.profile_name).profile.profile_data.get("codePages", {})
    numbers = sorted(int(number) for number, name in pages.items() if name == config.code_page)
    return numbers[0] if numbers else CODE_PAGES[config.code_page][1]


def columns_of(config: PrinterConfig) -> int:
    """Characters a line in font A, from the printer's profile (32 on 58 mm, 42 on 80 mm by default: known
    without loading python-escpos, so queuing a ticket on the event loop never waits for that import)."""
    if not config.profile and config.width_mm in DEFAULT_COLUMNS:
        return DEFAULT_COLUMNS[config.width_mm]
    return profile_columns(config.profile_name)


@cache
def profile_columns(profile: str) -> int:
    return int(dummy(profile).profile.get_columns("a"))


def escpos_bytes(document: PrintDocument, config: PrinterConfig, copies: int = 1) -> bytes:
    """The whole job: `copies` times (init, code page, lines, cut), the drawer kicked once, on the first copy."""
    printer = dummy(config.profile_name)
    number = code_page_number(config)
    for copy in range(copies):
        printer.hw("INIT")  # ESC @
        printer._raw(b"\x1bt" + bytes([number]))
        style = ("left", False, False)  # what ESC @ leaves
        for line in document.lines:
            if (line.align, line.bold, line.large) != style:  # a style is sent only when it changes
                style = (line.align, line.bold, line.large)
                printer.set_with_default(align=line.align, bold=line.bold, double_width=line.large,
                                         double_height=line.large)
            printer._raw(encode_text(line.text, config.codec) + b"\n")
        if style != ("left", False, False):
            printer.set_with_default()
        if document.open_drawer and copy == 0:
            printer.cashdraw(2)
        if document.cut:
            _cut(printer)
    return bytes(printer.output)


def _cut(printer: Dummy) -> None:
    """Feed and cut. Clone 58 mm profiles (POS-5890) say « no cutter » for printers sold with one; a printer
    without a cutter ignores `GS V`, so the cut is always sent."""
    if printer.profile.supports("paperFullCut"):
        printer.cut()
    else:
        printer.print_and_feed(6)
        printer._raw(PAPER_FULL_CUT)


def encode_text(text: str, codec: str) -> bytes:
    """Text in the printer's code page; a character it lacks becomes its nearest plain form (« — » → « - » in
    ISO-8859-15), else « ? », never an error."""
    try:
        return text.encode(codec)
    except UnicodeEncodeError:
        pass
    out = bytearray()
    for char in text:
        try:
            out += char.encode(codec)
        except UnicodeEncodeError:
            out += PLAIN_FORMS.get(char, "?").encode(codec, errors="replace")
    return bytes(out)


PLAIN_FORMS = {"—": "-", "–": "-", "’": "'", "‘": "'", "“": '"', "”": '"', "…": "...", "\u202f": " ", "œ": "oe",
               "Œ": "OE", "€": "EUR", "«": '"', "»": '"'}


def open_device(config: PrinterConfig) -> Any:
    """The python-escpos device for a thermal printer, with the till's short timeouts; not yet opened."""
    printers = escpos_printer_module()
    if config.kind is PrinterKind.NETWORK:
        return printers.Network(config.host.strip(), port=config.port, timeout=CONNECT_TIMEOUT)
    if config.kind is PrinterKind.USB:
        return printers.Usb(config.usb_vendor, config.usb_product, timeout=int(CONNECT_TIMEOUT * 1000))
    if config.kind is PrinterKind.SERIAL:
        return printers.Serial(config.serial_device.strip(), baudrate=config.baudrate, timeout=CONNECT_TIMEOUT)
    raise PrinterUnavailable(f"{config.describe()} : ce n'est pas une imprimante thermique.")


def send_escpos(config: PrinterConfig, data: bytes) -> None:
    """Write the job to the printer; blocks up to a few seconds, so only from the print worker's thread.

    Raises PrinterUnavailable with one French sentence (off, unplugged, out of paper, refused)."""
    device = open_device(config)
    try:
        device.open()
        device._raw(data)
    except Exception as error:
        raise PrinterUnavailable(unreachable_message(config, error)) from error
    finally:
        try:
            device.close()
        except Exception:  # noqa: BLE001 - a device already gone has nothing left to close
            pass


def unreachable_message(config: PrinterConfig, error: BaseException) -> str:
    chain: list[BaseException] = [error]  # python-escpos wraps the socket's error in its own
    while len(chain) < 8 and (chain[-1].__cause__ or chain[-1].__context__):
        chain.append(chain[-1].__cause__ or chain[-1].__context__)  # type: ignore[arg-type]
    timed_out = any(isinstance(e, TimeoutError) or "timed out" in str(e) for e in chain)
    reason = "ne répond pas" if timed_out else "est injoignable"
    return (f"L'{config.describe()} {reason} (éteinte, débranchée ou sans papier ?). "
            "Nouvel essai automatique.")


def print_escpos(config: PrinterConfig, document: PrintDocument, copies: int) -> None:
    """The print queue's output for network, USB and serial printers (called from the worker thread)."""
    send_escpos(config, escpos_bytes(document, config, copies))
