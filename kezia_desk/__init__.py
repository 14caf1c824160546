"""Kezia Desk: a touchscreen till for French shops that receives and sends HubRise web orders."""

__version__ = "0.1.0"
