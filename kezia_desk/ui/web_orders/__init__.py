"""web_orders screens."""
