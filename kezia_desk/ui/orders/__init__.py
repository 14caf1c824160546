"""COMMANDES and Commandes en cours: the till's own customer orders (the new-order form, the customer dialog) and
the list of orders in progress, web and till alike (F3)."""
