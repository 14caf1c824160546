"""Hostile HubRise order payloads: any JSON in any field, huge numbers and strings, mixed currencies, unknown
statuses, wrong types for ids and times, 5 MB notes, lone surrogates (`\\ud800`–`\\udfff` escapes) in any text.
Hypothesis strategies for the mapping/store/list path, and
JSON texts (integers of more than 4,300 digits included, which Python's json cannot write) for HTTP.
"""
from __future__ import annotations

import json
import random

from hypothesis import strategies as st

HUGE_INT_TEXT = "9" * 5000
FIVE_MB = "Sans oignons. " * 375_000  # ≈ 5 MB
STATUSES = ["new", "received", "accepted", "in_preparation", "completed", "cancelled", "rejected", "garbage", "",
            "NEW"]

# A lone surrogate (U+D800–U+DFFF): what a JSON `\\ud800` escape gives Python; no UTF-8 text can hold it (issue 16).
lone_surrogate = st.integers(0xD800, 0xDFFF).map(chr)
surrogate_text = st.lists(st.one_of(st.text(max_size=4), lone_surrogate), min_size=1, max_size=5).map("".join)
texts = st.one_of(st.text(max_size=30), surrogate_text)
any_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts
    | st.sampled_from([10 ** 30, -(10 ** 40), 2 ** 70]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8) | surrogate_text, children,
                                                                      max_size=4),
    max_leaves=12)
money = st.one_of(
    st.sampled_from(["12.00 EUR", "0.00 EUR", "-3.50 EUR", "12.00 USD", "9.99 GBP", "1" + "0" * 26 + ".00 EUR",
                     "99999999999999999999.99 EUR", "12 EUR", "12,00 EUR", "EUR", "NaN EUR", "Infinity EUR"]),
    st.builds(lambda cents, cur: f"{cents // 100}.{cents % 100:02d} {cur}", st.integers(0, 10 ** 8),
              st.sampled_from(["EUR", "USD"])),
    any_json)
quantity = st.one_of(st.sampled_from(["1", "2", "0", "-1", "1.5", "1e30", "NaN", "abc", 3, 10 ** 40]), any_json)
text_field = st.one_of(st.text(max_size=40), surrogate_text, any_json, st.sampled_from([10 ** 30, {"a": 1}, ["x"]]))
time_field = st.one_of(st.sampled_from(["2030-01-05T19:30:00+01:00", "2030-01-05T19:30:00", "hier", "",
                                        "9999-12-31T23:59:59+14:00"]), any_json)


item = st.fixed_dictionaries({}, optional={
    "product_name": text_field, "sku_name": text_field, "sku_ref": text_field, "price": money,
    "quantity": quantity, "subtotal": money, "tax_rate": quantity, "customer_notes": text_field,
    "options": st.one_of(any_json, st.lists(st.fixed_dictionaries({}, optional={
        "name": text_field, "price": money, "quantity": quantity, "removed": any_json}), max_size=3)),
    "deal_line": any_json})
payment = st.fixed_dictionaries({}, optional={"name": text_field, "amount": money, "type": text_field,
                                              "ref": text_field, "private_ref": text_field, "info": any_json})
order = st.fixed_dictionaries({"id": st.one_of(st.text(min_size=1, max_size=12), surrogate_text, any_json)},
                              optional={
    "status": st.one_of(st.sampled_from(STATUSES), any_json),
    "private_ref": text_field, "ref": text_field, "created_at": time_field, "created_by": text_field,
    "expected_time": time_field, "confirmed_time": time_field, "service_type": text_field,
    "location_id": text_field, "collection_code": text_field,
    "seller_notes": text_field, "coupon_codes": any_json, "total": money,
    "customer_notes": st.one_of(text_field, st.sampled_from([None] * 19 + [FIVE_MB])),
    "items": st.one_of(st.lists(item, max_size=4), any_json),
    "payments": st.one_of(st.lists(payment, max_size=3), any_json),
    "charges": st.one_of(st.lists(st.fixed_dictionaries({}, optional={"name": text_field, "price": money}),
                                  max_size=2), any_json),
    "discounts": any_json, "deals": any_json, "custom_fields": any_json,
    "customer": st.one_of(any_json, st.fixed_dictionaries({}, optional={
        "first_name": text_field, "last_name": text_field, "phone": text_field, "email": text_field}))})
event = st.one_of(order, any_json)


def random_order_json(rng: random.Random, n: int) -> str:
    """One hostile order as JSON text, for HTTP; every field drawn independently, some huge."""
    def pick(*choices):
        return rng.choice(choices)

    huge = "__HUGE__"
    lone = f"__LONE_{rng.randrange(0xD800, 0xE000):X}__"  # written below as its JSON escape, e.g. \\udc3f
    payload = {
        "id": pick(f"fz-{n}", f"fz-{n}", f"fz-{n}", n, None, {"id": n}, "", huge, f"fz-{n}{lone}"),
        "ref": pick(None, f"R{n}", f"R{lone}"),
        "collection_code": pick(None, "AB12", f"{lone}12"),
        "status": pick(*STATUSES, None, 7, {"s": 1}, ["new"]),
        "private_ref": pick(None, f"p{n}", {"a": [1]}, [1, 2], huge, 10 ** 30),
        "created_at": pick("2030-01-05T19:30:00+01:00", "hier", None, huge, {"t": 1}, 10 ** 30),
        "created_by": pick("Boutique", None, ["x"], huge),
        "total": pick("12.00 EUR", "12.00 USD", "1" + "0" * 26 + ".00 EUR", 12, None, huge),
        "items": pick([{"product_name": "Regina", "price": pick("12.00 EUR", "3.00 USD", "1e30 EUR"),
                        "quantity": pick("1", "0", "1e40", huge, -2)}], "items", None, [1, "x"], huge),
        "payments": pick([], [{"name": "CB", "amount": pick("12.00 EUR", "12.00 USD", huge)}], "x"),
        "customer_notes": FIVE_MB if rng.random() < 0.01 else pick(None, "Sonnez", huge, {"n": 1}, f"Son{lone}"),
        "customer": pick(None, {"first_name": "Zoé", "phone": huge}, "anonyme", [huge],
                         {"first_name": f"Zo{lone}", "last_name": lone, "email": f"z{lone}@x.fr"}),
        "custom_fields": pick(None, {"x": huge}, [], "y", {f"clé{lone}": lone}),
    }
    text = json.dumps(payload, ensure_ascii=False).replace(f'"{huge}"', HUGE_INT_TEXT)
    return text.replace(lone, "\\u" + lone[7:11].lower())
