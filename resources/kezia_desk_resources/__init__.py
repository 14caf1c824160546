"""Static files (sounds, stylesheets, images) shipped with Kezia Desk, read through importlib.resources."""
