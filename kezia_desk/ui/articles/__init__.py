"""articles screens."""
