"""Qt widgets: one module per screen, plus table models. Never SQL, never httpx."""
