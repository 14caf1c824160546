"""The demo shop, a French pizzeria/snack: sellers and articles with fixed IDARTs.

Both the till's demo database and the HubRise sandbox (its catalog and its web-shop order generator) read this
list, so the web orders of `kezia-desk --demo` carry sku_refs that map onto the till's articles.
"""
from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple


class DemoArticle(NamedTuple):
    idart: int
    name: str
    price: str  # TTC, euros
    vat_rate: Decimal
    category: str
    is_option: bool = False


class DemoSeller(NamedTuple):
    name: str
    is_manager: bool
    pin: str | None


TAKEAWAY_FOOD = Decimal("10")
SOFT_DRINK = Decimal("5.5")
ALCOHOL = Decimal("20")

DEMO_SELLERS = (
    DemoSeller("Sophie (gérante)", True, "1234"),
    DemoSeller("Karim", False, None),
    DemoSeller("Léa", False, None),
    DemoSeller("Thomas", False, None),
)

DEMO_ARTICLES = (
    # Pizzas: one article per size (one HubRise sku each).
    DemoArticle(1001, "Margherita Petite", "8.50", TAKEAWAY_FOOD, "Pizzas"),
    DemoArticle(1002, "Margherita Moyenne", "10.50", TAKEAWAY_FOOD, "Pizzas"),
    DemoArticle(1003, "Margherita Grande", "13.00", TAKEAWAY_FOOD, "Pizzas"),
    DemoArticle(1011, "Regina Petite", "9.50", TAKEAWAY_FOOD, "Pizzas"),
    DemoArticle(1012, "Regina Moyenne", "12.00", TAKEAWAY_FOOD, "Pizzas"),
    DemoArticle(1013, "Regina Grande", "14.50", TAKEAWAY_FOOD, "Pizzas"),
    DemoArticle(1021, "Quatre fromages Petite", "10.00", TAKEAWAY_FOOD, "Pizzas"),
    DemoArticle(1022, "Quatre fromages Moyenne", "12.50", TAKEAWAY_FOOD, "Pizzas"),
    DemoArticle(1023, "Quatre fromages Grande", "15.00", TAKEAWAY_FOOD, "Pizzas"),
    DemoArticle(1031, "Calzone Petite", "9.50", TAKEAWAY_FOOD, "Pizzas"),
    DemoArticle(1032, "Calzone Moyenne", "12.00", TAKEAWAY_FOOD, "Pizzas"),
    DemoArticle(1033, "Calzone Grande", "14.50", TAKEAWAY_FOOD, "Pizzas"),
    # Snack
    DemoArticle(1101, "Burger classique", "9.90", TAKEAWAY_FOOD, "Snack"),
    DemoArticle(1102, "Cheeseburger", "10.90", TAKEAWAY_FOOD, "Snack"),
    DemoArticle(1103, "Tacos poulet", "8.50", TAKEAWAY_FOOD, "Snack"),
    DemoArticle(1104, "Frites", "3.00", TAKEAWAY_FOOD, "Snack"),
    DemoArticle(1105, "Salade César", "8.90", TAKEAWAY_FOOD, "Snack"),
    # Drinks
    DemoArticle(2001, "Coca-Cola 33 cl", "2.50", SOFT_DRINK, "Boissons"),
    DemoArticle(2002, "Orangina 33 cl", "2.50", SOFT_DRINK, "Boissons"),
    DemoArticle(2003, "Eau minérale 50 cl", "1.80", SOFT_DRINK, "Boissons"),
    DemoArticle(2004, "Bière pression 25 cl", "3.50", ALCOHOL, "Boissons"),
    DemoArticle(2005, "Coca-Cola 1,5 L", "4.50", SOFT_DRINK, "Boissons"),
    # Desserts
    DemoArticle(3001, "Tiramisu", "4.50", TAKEAWAY_FOOD, "Desserts"),
    DemoArticle(3002, "Panna cotta", "4.00", TAKEAWAY_FOOD, "Desserts"),
    DemoArticle(3003, "Fondant au chocolat", "4.50", TAKEAWAY_FOOD, "Desserts"),
    DemoArticle(3004, "Glace 2 boules", "3.50", TAKEAWAY_FOOD, "Desserts"),
    # Options (supplements), sold only with a main article
    DemoArticle(4001, "Supplément fromage", "1.00", TAKEAWAY_FOOD, "Suppléments", True),
    DemoArticle(4002, "Supplément jambon", "1.50", TAKEAWAY_FOOD, "Suppléments", True),
    DemoArticle(4003, "Supplément champignons", "1.00", TAKEAWAY_FOOD, "Suppléments", True),
    DemoArticle(4004, "Supplément olives", "0.75", TAKEAWAY_FOOD, "Suppléments", True),
    DemoArticle(4005, "Supplément œuf", "1.00", TAKEAWAY_FOOD, "Suppléments", True),
    # Delivery fee, the article HubRise charges map onto
    DemoArticle(9001, "FRAIS DE PORT TTC", "2.50", Decimal("10"), "Frais"),
)

DEMO_NEXT_IDART = 9002  # the till's counter starts after the demo catalog so no code is ever reused
