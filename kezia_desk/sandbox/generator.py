"""A web shop placing realistic French orders through its own HubRise connection (demo mode, training, tests).

Mostly the demo catalog's refs (so orders map onto the till's articles), plus a small share of what real shops
send: unknown or non-numeric sku_refs (LEO2's documented crash), long names, accents, emoji, quantity "0.5".
"""
from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from ..domain.demo_catalog import DEMO_ARTICLES

if TYPE_CHECKING:
    from .app import Sandbox


log = logging.getLogger(__name__)
PARIS = ZoneInfo("Europe/Paris")
FIRST_NAMES = ("Camille", "Léa", "Hugo", "Chloé", "Mathéo", "Inès", "Lucas", "Zoé", "Noah", "Anaïs", "Éloïse", "Jérôme")
LAST_NAMES = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Petit", "Durand", "Lefèvre", "Moreau", "Girard")
STREETS = ("rue de la Roquette", "boulevard Voltaire", "rue Oberkampf", "avenue Parmentier", "rue de Charonne")
NOTES = ("Sonner deux fois", "Allergie aux fruits à coque", "Digicode 4512B, 3e étage", "Bien cuite svp 🔥",
         "Sans couverts, merci 🌱", None, None, None)
REMOVABLE = ("Oignons", "Olives", "Champignons", "Anchois", "Basilic")


def _money(value: Decimal | str) -> str:
    return f"{Decimal(value):.2f} EUR"


class WebShopOrderGenerator:
    def __init__(self, seed: int | None = None) -> None:
        self.rng = random.Random(seed)
        self.counter = 10_000 + self.rng.randint(0, 999)
        self.pizzas = [a for a in DEMO_ARTICLES if a.category == "Pizzas"]
        self.mains = [a for a in DEMO_ARTICLES if a.category in ("Pizzas", "Snack")]
        self.drinks = [a for a in DEMO_ARTICLES if a.category == "Boissons"]
        self.desserts = [a for a in DEMO_ARTICLES if a.category == "Desserts"]
        self.options = [a for a in DEMO_ARTICLES if a.is_option]

    def _item(self, article: Any, quantity: str = "1") -> dict:
        name, _, size = article.name.rpartition(" ") if article.category == "Pizzas" else (article.name, "", "")
        item = {"product_name": name or article.name, "sku_name": size or None, "sku_ref": str(article.idart),
                "price": _money(article.price), "quantity": quantity, "tax_rate": str(article.vat_rate),
                "options": []}
        return item

    def next_payload(self, now: datetime | None = None) -> dict:
        rng = self.rng
        now = (now or datetime.now(PARIS)).astimezone(PARIS).replace(microsecond=0)
        self.counter += 1
        service = rng.choices(["delivery", "collection", "eat_in"], [5, 4, 1])[0]
        items: list[dict] = []
        for _ in range(rng.randint(1, 3)):
            item = self._item(rng.choice(self.mains), rng.choice(["1", "1", "1", "2"]))
            if item["sku_ref"] and int(item["sku_ref"]) < 1100:
                for option in rng.sample(self.options, rng.randint(0, 2)):
                    item["options"].append({"option_list_name": "Suppléments", "name": option.name,
                                            "ref": str(option.idart), "price": _money(option.price), "quantity": 1})
                if rng.random() < 0.4:
                    item["options"].append({"option_list_name": "Retirer", "name": rng.choice(REMOVABLE),
                                            "removed": True})
            items.append(item)
        deals: dict[str, dict] = {}
        if rng.random() < 0.3:
            deals["0"] = {"name": "Menu Midi (pizza + boisson + dessert)", "ref": "MENU1"}
            for label, pool in (("Pizza", self.pizzas[1::3]), ("Boisson", self.drinks[:3]),
                                ("Dessert", self.desserts)):
                item = self._item(rng.choice(pool))
                item["deal_line"] = {"deal_key": "0", "label": label, "pricing_effect": "unchanged"}
                items.append(item)
        if rng.random() < 0.5:
            items.append(self._item(rng.choice(self.drinks), rng.choice(["1", "2"])))
        if rng.random() < 0.3:
            items.append(self._item(rng.choice(self.desserts)))
        self._oddities(items)
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        customer: dict[str, Any] = {
                    "first_name": first, "last_name": last, "phone": f"+336{rng.randint(10_000_000, 99_999_999)}",
                    "email": f"{first.lower()}.{last.lower()}@exemple.fr".replace("é", "e").replace("ï", "i")
                    .replace("ë", "e").replace("è", "e")}
        if self.counter % 4 == 0:  # a marketplace's masked number: the shop calls it, then types this code
            customer["phone_access_code"] = f"{self.counter * 7919 % 10_000:04d}"
        if service == "delivery":
            customer.update({"address_1": f"{rng.randint(1, 120)} {rng.choice(STREETS)}", "postal_code": "75011",
                             "city": "Paris", "country": "FR", "delivery_notes": rng.choice(NOTES)})
        charges = ([{"name": "Frais de livraison", "ref": "9001", "price": "2.50 EUR", "tax_rate": "10.0",
                     "type": "delivery"}] if service == "delivery" else [])
        discounts, coupons = [], []
        if rng.random() < 0.15:
            coupons = ["BIENVENUE"]
            discounts = [{"name": "Code BIENVENUE", "ref": "BIENVENUE", "price_off": "3.00 EUR"}]
        total = self._total(items, charges, discounts)
        online = rng.random() < 0.6
        # No deprecated `type` (orders page: "should be ignored in new integrations"): HubRise then outputs
        # "online" even for the cash payment, as its own example does, and the till must tell from name and ref.
        payments = ([{"name": "Carte bancaire en ligne", "ref": "CB", "amount": _money(total),
                      "info": {"transaction_id": f"tx_{rng.randint(100000, 999999)}"}}] if online else
                    ([{"name": "Espèces à la livraison", "ref": "ESP", "amount": _money(total)}]
                     if rng.random() < 0.5 else []))
        return {
            "status": "new", "ref": f"WEB-{self.counter}", "service_type": service,
            "service_type_ref": {"delivery": "WEB-LIV", "collection": "WEB-EMP", "eat_in": "WEB-SP"}[service],
            "expected_time": (now + timedelta(minutes=rng.choice([20, 30, 45, 60]))).isoformat(),
            "customer_notes": rng.choice(NOTES), "collection_code": str(rng.randint(100, 999)),
            "coupon_codes": coupons, "items": items, "deals": deals, "charges": charges, "discounts": discounts,
            "payments": payments, "customer": customer,
        }

    def _oddities(self, items: list[dict]) -> None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.06:
            items.append({"product_name": "Pizza du moment 🍕", "sku_ref": rng.choice(["PIZZA-MOMENT", "12a", ""]),
                          "price": "12.90 EUR", "quantity": "1", "tax_rate": "10.0", "options": []})
        elif roll < 0.10:
            items.append({"product_name": "Boisson partenaire", "sku_ref": "999999", "price": "3.20 EUR",
                          "quantity": "1", "options": []})
        elif roll < 0.13:
            items.append({"product_name": "Plateau de fromages affinés de nos régions, sélection du fromager "
                          "(Comté 24 mois, Reblochon fermier, Roquefort Société) — à partager", "sku_ref": None,
                          "price": "14.00 EUR", "quantity": "1", "options": []})
        elif roll < 0.16:
            items.append({**self._item(self.pizzas[1]), "product_name": "Demi-Margherita", "quantity": "0.5"})

    @staticmethod
    def _total(items: list[dict], charges: list[dict], discounts: list[dict]) -> Decimal:
        total = Decimal(0)
        for item in items:
            unit = Decimal(item["price"].split()[0])
            unit += sum(Decimal(o["price"].split()[0]) * o.get("quantity", 1)
                        for o in item["options"] if o.get("price"))
            total += unit * Decimal(item["quantity"])
        total += sum(Decimal(c["price"].split()[0]) for c in charges)
        total -= sum(Decimal(d["price_off"].split()[0]) for d in discounts)
        return total.quantize(Decimal("0.01"))


async def run_generator(place: Callable[[dict], Any] | Sandbox, every_seconds: float,
                        stop_event: asyncio.Event | None = None, first_after: float = 0.0,
                        seed: int | None = None) -> None:
    """Place an order every `every_seconds` until stopped; `place` is Sandbox.place_shop_order or a coroutine."""
    if not callable(place):
        place = place.place_shop_order
    generator = WebShopOrderGenerator(seed)
    delay = first_after
    while stop_event is None or not stop_event.is_set():
        try:
            if stop_event is None:
                await asyncio.sleep(delay)
            else:
                await asyncio.wait_for(stop_event.wait(), timeout=delay)
                return
        except TimeoutError:
            pass
        try:
            result = place(generator.next_payload())
            if asyncio.iscoroutine(result):
                await result
        except Exception:  # the demo shop keeps going
            log.exception("commande de démonstration refusée")
        delay = every_seconds
