"""The HubRise API: async client, OAuth helpers, JSON <-> domain mapping, and the sandbox."""
