"""till screens."""
