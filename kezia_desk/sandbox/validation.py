"""Input checks of the sandbox, as HubRise answers them: 422 with `errors[]` of {field, message}."""
from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

MONEY_PATTERN = re.compile(r"^-?\d+\.\d{2} [A-Z]{3}$")
DECIMAL_PATTERN = re.compile(r"^-?\d+(\.\d+)?$")
ORDER_STATUSES = ("new", "received", "accepted", "in_preparation", "awaiting_shipment", "awaiting_collection",
                  "in_delivery", "completed", "rejected", "cancelled", "delivery_failed")
SERVICE_TYPES = ("delivery", "collection", "eat_in")


class ApiError(Exception):
    """An error answered as HubRise does: status, error_type, message and, for 422, the errors list."""

    def __init__(self, status: int, error_type: str, message: str | None = None,
                 errors: list[dict] | None = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(message or error_type)
        self.status, self.error_type, self.message, self.errors = status, error_type, message, errors
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"error_type": self.error_type}
        if self.message:
            body["message"] = self.message
        if self.errors is not None:
            body["errors"] = self.errors
        return body


class Checker:
    """Collects validation errors for one request, then raises one 422 with all of them."""

    def __init__(self) -> None:
        self.errors: list[dict[str, str]] = []

    def fail(self, field: str, message: str) -> None:
        """Record an error under the field's own name: HubRise's general-concepts page shows
        `{"field": "price", "message": "'abc' is not a valid monetary amount"}`, not a path like items[0].price."""
        self.errors.append({"field": field_name(field), "message": message})

    def raise_if_any(self) -> None:
        if self.errors:
            raise ApiError(422, "unprocessable_entity", "Validation failed", self.errors)

    def money(self, value: Any, field: str, currency: str | None = None, required: bool = True) -> Decimal | None:
        if value is None:
            if required:
                self.fail(field, "is required")
            return None
        if not isinstance(value, str) or not MONEY_PATTERN.match(value):
            self.fail(field, f"{value!r} is not a valid monetary amount")
            return None
        amount, code = value.split(" ")
        if currency and code != currency:
            self.fail(field, f"currency {code} does not match the location currency {currency}")
            return None
        return Decimal(amount)

    def decimal(self, value: Any, field: str, required: bool = True) -> Decimal | None:
        if value is None:
            if required:
                self.fail(field, "is required")
            return None
        if not isinstance(value, str) or not DECIMAL_PATTERN.match(value.strip()):
            self.fail(field, f"{value!r} is not a valid decimal")
            return None
        try:
            return Decimal(value)
        except InvalidOperation:
            self.fail(field, f"{value!r} is not a valid decimal")
            return None

    def string(self, value: Any, field: str, required: bool = False, max_length: int | None = None) -> str | None:
        if value is None:
            if required:
                self.fail(field, "is required")
            return None
        if not isinstance(value, str):
            self.fail(field, "must be a string")
            return None
        if max_length is not None and len(value) > max_length:
            self.fail(field, f"is too long (maximum is {max_length} characters)")
        return value

    def time(self, value: Any, field: str) -> datetime | None:
        if value is None:
            return None
        try:
            parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if parsed is None or parsed.tzinfo is None:
            self.fail(field, f"{value!r} is not a valid time")
            return None
        return parsed

    def status(self, value: Any, field: str = "status") -> str | None:
        if value not in ORDER_STATUSES:
            self.fail(field, f"{value!r} is not a valid order status")
            return None
        return value

    def boolean(self, value: Any, field: str) -> bool:
        if value is None:
            return False
        if not isinstance(value, bool):
            self.fail(field, "must be a boolean")
            return False
        return value


def field_name(path: str) -> str:
    """`items[0].options[1].price` → `price`; `items[2]` → `items`."""
    return re.sub(r"\[\d+\]", "", path).rsplit(".", 1)[-1]


def format_decimal(value: Decimal) -> str:
    """HubRise's output form of decimals: "2" becomes "2.0", "0.50" stays "0.5"."""
    text = format(value.normalize(), "f")
    return text if "." in text else text + ".0"


def format_money(amount: Decimal, currency: str) -> str:
    return f"{amount.quantize(Decimal('0.01')):.2f} {currency}"
