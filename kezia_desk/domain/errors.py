"""The one error type the screens catch: anything the till refuses or fails to do, with a French sentence.

Lower layers raise their own subclasses (HubRise errors, connection errors...) so that the UI never imports the
layers below the services to know what to catch.
"""
from __future__ import annotations


class UserFacingError(Exception):
    """An error whose `message_fr` is written for the cashier or the manager."""

    default_message = "L'opération n'a pas abouti."

    def __init__(self, message_fr: str | None = None, *, detail: str | None = None) -> None:
        self.message_fr = message_fr or self.default_message
        self.detail = detail
        super().__init__(self.message_fr if detail is None else f"{self.message_fr} ({detail})")
