"""A HubRise-compatible Starlette application for demo mode, training and tests."""
