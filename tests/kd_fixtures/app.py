"""Fixtures for building the whole application through the composition root (kezia_desk.app)."""
