"""The HubRise API as the till uses it: the async client (pacing, retries, French errors), OAuth helpers, URLs,
and the JSON <-> domain mapping. Imports domain only. The HubRise-compatible sandbox is kezia_desk/sandbox, a
program beside the till."""
