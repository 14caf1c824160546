"""Use cases of the till (Qt-free, asyncio where they talk to HubRise); they notify through plain callbacks."""
