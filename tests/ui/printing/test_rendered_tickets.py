"""The receipt and the kitchen ticket drawn by Qt as they come out of an 80 mm printer (the guide's pictures,
saved with KEZIA_SHOTS=docs/screenshots): the page is exactly as tall as the ticket and the text fills its width."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from kd_fixtures.print_documents import kitchen_order, receipt

from kezia_desk.domain.kitchen_ticket import render_kitchen_ticket
from kezia_desk.domain.receipt import render_receipt
from kezia_desk.ui.printing.qt_output import render_image


def ink_columns(image) -> tuple[int, int]:
    """First and last pixel columns with ink (anything not white)."""
    used = [x for x in range(image.width()) if any(image.pixel(x, y) != 0xFFFFFFFF
                                                    for y in range(0, image.height(), 2))]
    return used[0], used[-1]


@pytest.mark.screenshot
def test_receipt_and_kitchen_ticket_pictures(qapp) -> None:
    folder = os.environ.get("KEZIA_SHOTS")
    for name, document in (("receipt-80mm.png", render_receipt(receipt(), 42, open_drawer=True)),
                           ("kitchen-ticket-80mm.png", render_kitchen_ticket(kitchen_order(), 42))):
        image = render_image(document, 80)
        assert image.width() == 640  # 80 mm at 8 dots a mm, like a 203 dpi head
        left, right = ink_columns(image)
        assert left >= 20 and right <= 620  # the 3 mm margins hold: no line runs off the paper
        assert right - left > 540  # the 42-column rules fill the printable width
        assert image.height() > 24 * len(document.lines)  # a line ≥ 3 mm tall, as on the paper: nothing squeezed
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            image.save(str(Path(folder) / name))
