"""Kezia Desk: a touchscreen till for French shops that receives and sends HubRise web orders."""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kezia-desk")  # the one version number lives in pyproject.toml
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+checkout"
