"""Kezia Desk: a touchscreen till for French shops that receives and sends HubRise web orders."""


def __getattr__(name: str) -> str:
    """`kezia_desk.__version__`, read when asked: importlib.metadata costs ≈ 30 ms the till's start need not pay."""
    if name != "__version__":
        raise AttributeError(name)
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kezia-desk")  # the one version number lives in pyproject.toml
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "0.0.0+checkout"
