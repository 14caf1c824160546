"""Printing screens and the Qt outputs (ordinary printers, PDF)."""
