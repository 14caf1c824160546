"""Fixtures for the HubRise sandbox: in-process app and a real uvicorn server on a free loopback port."""
