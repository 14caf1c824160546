"""A receipt and a kitchen ticket with the French characters thermal printers garble, for the printing tests."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from kezia_desk.domain.fiscal import FiscalBlock
from kezia_desk.domain.money import Money
from kezia_desk.domain.order import Customer, Order, OrderItem, OrderOption, OrderStatus, ServiceType
from kezia_desk.domain.receipt import ReceiptModel, ShopHeader
from kezia_desk.domain.shop_time import SHOP_TIMEZONE
from kezia_desk.domain.ticket import ClosedTicket, Payment, PaymentMethod, TicketLine

HEADER = ShopHeader("Chez Hélène", "12 rue de l'Église\n75011 Paris", "123 456 789 00012", "FR12123456789")


def ticket(*, cash: bool = True, number: int = 12) -> ClosedTicket:
    lines = (TicketLine("Crème brûlée œuf", Money.of("4.50"), Decimal(2), Decimal(10)),
             TicketLine("Bière « Œnologue »", Money.of("5"), Decimal(1), Decimal(20)))
    payment = Payment(PaymentMethod.CASH, Money.of("20")) if cash else Payment(PaymentMethod.CARD, Money.of("14"))
    return ClosedTicket(number, datetime(2026, 12, 7, 12, 30, tzinfo=SHOP_TIMEZONE), 2, "Zoé", lines, (payment,),
                        Money.of("14"), Money.of("6") if cash else Money.zero())


def receipt(*, cash: bool = True, **extra) -> ReceiptModel:
    sale = ticket(cash=cash)
    fiscal = FiscalBlock(sale.number, sale.closed_at, "K7-01", "Zoé", 2, "Kezia Desk 0.1.0", "Q2he…DqG5l")
    return ReceiptModel(HEADER, sale, fiscal, **extra)


def kitchen_order(local_id: int = 7) -> Order:
    customer = Customer(first_name="Léa", last_name="Cœur", phone="+33612345678", phone_access_code="482 913",
                        address_1="3 place Saint-Éloi", postal_code="69001", city="Lyon",
                        delivery_notes="Sonner chez « Benoît »")
    items = [OrderItem("Pizza Reine", Money.of("12"), Decimal(2), sku_name="grande", options=[
                 OrderOption("Champignons", removed=True), OrderOption("Œuf", price=Money.of("1"))],
                 customer_notes="Bien cuite"),
             OrderItem("Crème brûlée", Money.of("4.5"), Decimal(1))]
    return Order(OrderStatus.ACCEPTED, hubrise_id="abc", local_id=local_id, service_type=ServiceType.DELIVERY,
                 collection_code="K7Q", customer=customer, items=items, customer_notes="Sans couverts, merci",
                 expected_time=datetime(2026, 12, 7, 19, 45, tzinfo=SHOP_TIMEZONE),
                 created_at=datetime(2026, 12, 7, 19, 2, tzinfo=SHOP_TIMEZONE))
