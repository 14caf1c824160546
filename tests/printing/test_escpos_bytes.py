"""The exact ESC/POS bytes a thermal printer gets (python-escpos's Dummy printer), at 58 and 80 mm.

The expected bytes are written out from the ESC/POS command set, not from the code under test: `ESC @` first,
`ESC t n` for the code page, French text in that code page (« œ » is 0x9C in CP1252, 0xBD in ISO-8859-15),
`GS V` to cut, `ESC p` to kick the drawer (cash only).
"""
from __future__ import annotations

from dataclasses import replace

import pytest
from kd_fixtures.print_documents import kitchen_order, receipt, ticket

from kezia_desk.domain.kitchen_ticket import render_kitchen_ticket
from kezia_desk.domain.print_document import printer_test_page
from kezia_desk.domain.printer_settings import DEFAULT_COLUMNS, DEFAULT_PROFILES, PrinterConfig
from kezia_desk.domain.receipt import drawer_only, render_receipt
from kezia_desk.printers.escpos_output import code_page_number, columns_of, escpos_bytes, profile_columns

INIT = b"\x1b@"
CP1252 = b"\x1bt\x10"  # ESC t 16
ISO_8859_15 = b"\x1bt\x28"  # ESC t 40
FEED_AND_CUT = b"\x1bd\x06" + b"\x1dV\x00"  # ESC d 6, GS V 0
DRAWER = b"\x1bp\x00\x32\x32"  # ESC p 0 t1 t2: pin 2, 100 ms on, 100 ms off
LEFT, CENTER = 0, 1


def style(*, bold: bool = False, large: bool = False, align: int = LEFT) -> bytes:
    """python-escpos's set_with_default(): print mode, upside-down off, smoothing off, bold, underline off,
    font A, alignment, reverse off."""
    return (b"\x1b!\x00\x1b!\x00\x1b!" + (b"\x30" if large else b"\x00") + b"\x1b{\x00\x1db\x00"
            + b"\x1bE" + bytes([bold]) + b"\x1b-\x00\x1bM\x00\x1ba" + bytes([align]) + b"\x1dB\x00")


def test_kitchen_ticket_bytes_58_mm_cp1252() -> None:
    config = PrinterConfig(width_mm=58)
    assert columns_of(config) == 32
    data = escpos_bytes(render_kitchen_ticket(kitchen_order(), 32), config)
    assert data == (
        INIT + CP1252
        + style(bold=True, large=True, align=CENTER) + b"LIVRAISON\npour 19:45\nCode K7Q\n"
        + style() + b"=" * 32 + b"\n"
        + style(bold=True) + b"L\xe9a C\x9cur\n"
        + style() + b"T\xe9l. 06 12 34 56 78 (code 482\n913)\n"
        + b"3 place Saint-\xc9loi \x96 69001 Lyon\n"
        + b"Livraison : Sonner chez \xab Beno\xeet\n\xbb\n"
        + b"=" * 32 + b"\n"
        + style(bold=True) + b"2 x Pizza Reine grande\n   SANS Champignons\n"
        + style() + b"   + \x8cuf\n   ! Bien cuite\n"
        + style(bold=True) + b"1 x Cr\xe8me br\xfbl\xe9e\n"
        + style() + b"-" * 32 + b"\n"
        + style(bold=True) + b"NOTE DU CLIENT :\n"
        + style() + b"Sans couverts, merci\n" + b"-" * 32 + b"\nRe\xe7ue le 07/12 19:02\n"
        + FEED_AND_CUT)
    assert b"12,00" not in data and b"\x80" not in data  # no price on a kitchen ticket


def test_kitchen_ticket_80_mm_iso_8859_15_and_reprint_banner() -> None:
    config = PrinterConfig(width_mm=80, code_page="ISO_8859-15")
    assert (columns_of(config), code_page_number(config)) == (42, 40)
    data = escpos_bytes(render_kitchen_ticket(kitchen_order(), 42, reprint=True), config)
    assert data.startswith(INIT + ISO_8859_15 + style(bold=True, large=True, align=CENTER)
                           + b"R\xc9IMPRESSION\nLIVRAISON\npour 19:45\nCode K7Q\n" + style() + b"=" * 42 + b"\n")
    assert style(bold=True) + b"L\xe9a C\xbdur\n" in data  # « œ » is 0xBD in ISO-8859-15
    assert b"   + \xbcuf\n" in data  # « Œ » 0xBC
    assert b"3 place Saint-\xc9loi - 69001 Lyon\n" in data  # « – » has no place in ISO-8859-15: a plain dash
    assert data.endswith(b"Re\xe7ue le 07/12 19:02\n" + FEED_AND_CUT)


@pytest.mark.parametrize(("width", "columns"), [(58, 32), (80, 42)])
def test_receipt_bytes_with_cash_kick_the_drawer_once(width: int, columns: int) -> None:
    config = PrinterConfig(width_mm=width)
    data = escpos_bytes(render_receipt(receipt(), columns, open_drawer=True), config)
    assert data.startswith(INIT + CP1252 + style(bold=True, large=True, align=CENTER) + b"Chez H\xe9l\xe8ne\n"
                           + style(align=CENTER) + b"12 rue de l'\xc9glise\n75011 Paris\nSIRET 123 456 789 00012\n"
                           + b"TVA intracom. FR12123456789\n" + style() + b"=" * columns + b"\n"
                           + style(bold=True) + b"Ticket n\xb0 12".ljust(columns - 16) + b"07/12/2026 12:30\n"
                           + style() + b"Vendeur : Zo\xe9\n" + b"-" * columns + b"\nCr\xe8me br\xfbl\xe9e \x9cuf\n")
    assert b"Bi\xe8re \xab \x8cnologue \xbb\n" in data
    assert b"  2 x 4,50\xa0\x80".ljust(columns - 6) + b"9,00\xa0\x80\n" in data  # the euro sign is 0x80
    assert style(bold=True) + b"TOTAL TTC".ljust(columns - 7) + b"14,00\xa0\x80\n" in data
    assert b"Esp\xe8ces".ljust(columns - 7) + b"20,00\xa0\x80\n" in data
    assert b"Rendu".ljust(columns - 6) + b"6,00\xa0\x80\n" in data
    first = {32: b"Ticket n\xb0 12 \x97 07/12/2026\n12:30:00\n", 42: b"Ticket n\xb0 12 \x97 07/12/2026 12:30:00\n"}
    assert (first[columns] + b"Caisse K7-01 \x97 vendeur Zo\xe9\n"
            b"2 lignes \x97 Kezia Desk 0.1.0\nSignature : Q2he\x85DqG5l\n") in data  # the fiscal block
    assert data.endswith(style(align=CENTER) + b"Merci de votre visite !\n" + style() + DRAWER + FEED_AND_CUT)
    assert data.count(DRAWER) == 1 and data.count(INIT) == 1


def test_a_card_receipt_and_a_duplicate_never_open_the_drawer() -> None:
    config = PrinterConfig(width_mm=80)
    card = escpos_bytes(render_receipt(receipt(cash=False), 42, open_drawer=False), config)
    duplicate = escpos_bytes(render_receipt(receipt(duplicata_number=2), 42, open_drawer=True), config)
    assert b"\x1bp" not in card and b"\x1bp" not in duplicate
    assert card.endswith(FEED_AND_CUT) and duplicate.endswith(FEED_AND_CUT)
    assert style(bold=True, large=True, align=CENTER) + b"DUPLICATA n\xb0 2\n" in duplicate
    assert b"Carte bancaire" in card


def test_two_copies_start_each_with_esc_at_and_kick_the_drawer_on_the_first_only() -> None:
    data = escpos_bytes(render_receipt(receipt(), 42, open_drawer=True), PrinterConfig(), copies=2)
    assert data.count(INIT + CP1252) == 2 and data.count(FEED_AND_CUT) == 2 and data.count(DRAWER) == 1


def test_drawer_only_prints_nothing_and_does_not_cut() -> None:
    assert escpos_bytes(drawer_only(42), PrinterConfig()) == INIT + CP1252 + DRAWER


def test_cp858_loses_the_oe_ligature_which_is_why_it_is_not_the_default() -> None:
    data = escpos_bytes(render_receipt(receipt(), 42), PrinterConfig(code_page="CP858"))
    assert b"\x1bt\x13" in data and b"Cr\x8ame br\x96l\x82e oeuf\n" in data  # « œ » spelt « oe », never « ? »


def test_a_forced_code_page_number_for_clones() -> None:
    data = escpos_bytes(render_receipt(receipt(), 42), PrinterConfig(code_page_number=71))
    assert data.startswith(INIT + b"\x1bt\x47") and b"\x9cuf" in data


def test_test_page_prints_accents_oe_euro_and_a_42_column_ruler() -> None:
    data = escpos_bytes(printer_test_page(42, "imprimante 10.0.0.5:9100"), PrinterConfig())
    assert b"Accents : \xe9 \xe8 \xea \xeb \xe0 \xe2 \xe7 \xf4 \xfb \xf9 \xef \xee\n" in data
    assert b"Ligatures : \x9c \x8c \x97 c\x9cur, s\x9cur, \x8cuvre\n" in data
    assert b"Euro : 12,50 \x80 \x97 guillemets \xab ok \xbb\n" in data
    assert b"123456789012345678901234567890123456789012\n" in data
    narrow = escpos_bytes(printer_test_page(32, "x"), PrinterConfig(width_mm=58))
    assert b"12345678901234567890123456789012\n3456789012\n" in narrow  # 32 columns: the ruler shows where it wraps


def test_a_ticket_number_on_the_receipt_matches_the_ticket() -> None:
    model = replace(receipt(), ticket=ticket(number=4021))
    assert "Ticket n° 4021" in render_receipt(model, 42).text()


def test_the_default_widths_columns_are_their_profiles() -> None:
    assert {width: profile_columns(DEFAULT_PROFILES[width]) for width in (58, 80)} == DEFAULT_COLUMNS
    assert columns_of(PrinterConfig(width_mm=80, profile="TM-T20II")) == 48  # a chosen profile says its own


def test_a_training_ticket_says_formation_large_at_the_top_and_at_the_foot() -> None:
    data = escpos_bytes(render_receipt(receipt(training=True), 42), PrinterConfig())
    assert data.startswith(INIT + CP1252 + style(bold=True, large=True, align=CENTER) + b"FORMATION\n"
                           + style(align=CENTER) + b"Ticket d'entra\xeenement, sans valeur\n")
    assert style(bold=True, align=CENTER) + b"FORMATION\n" in data
