"""orders screens."""
