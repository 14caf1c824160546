"""The create payload behind hubrise-api.md §2.8's example order (total 26.50 EUR)."""

EXAMPLE_ORDER = {
    "status": "new", "ref": "WEB-10452", "service_type": "delivery", "service_type_ref": "WEB-DEL",
    "expected_time": "2030-03-08T12:45:00+01:00", "customer_notes": "Ring twice", "collection_code": "452",
    "coupon_codes": ["SPRING"],
    "items": [
        {"product_name": "Regina", "sku_name": "Large", "sku_ref": "1021", "price": "12.00 EUR", "quantity": "1",
         "tax_rate": "10.0", "customer_notes": "Well done",
         "options": [
             {"option_list_name": "Toppings", "name": "Olives", "ref": "2001", "price": "0.75 EUR", "quantity": 1},
             {"option_list_name": "Toppings", "name": "Olives", "ref": "2001", "price": "0.75 EUR", "quantity": 1},
             {"option_list_name": "Remove", "name": "Onions", "ref": "2050", "removed": True}]},
        {"product_name": "Tiramisu", "sku_ref": "3004", "price": "5.00 EUR", "quantity": "2", "tax_rate": "10.0",
         "deal_line": {"deal_key": "d1", "label": "Dessert", "pricing_effect": "unchanged"}},
    ],
    "deals": {"d1": {"name": "Sweet duo", "ref": "D10"}},
    "discounts": [{"name": "Spring coupon", "ref": "DSC5", "price_off": "1.00 EUR"}],
    "charges": [{"name": "Delivery fee", "ref": "9001", "price": "4.00 EUR", "tax_rate": "20.0"}],
    "payments": [{"name": "Card online", "ref": "CB", "amount": "26.50 EUR", "info": {"transaction_id": "tx_77812"}}],
    "customer": {"first_name": "Ana", "last_name": "Silva", "email": "ana.silva@dummy-mail.org",
                 "phone": "+33612345678", "address_1": "12 rue des Lilas", "postal_code": "75011", "city": "Paris"},
    "custom_fields": {"epos": {"order_id": "T-88231"}},
}
