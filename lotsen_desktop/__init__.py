"""Lotsen Desktop: offline office software for the Integrationslotsen programme in Niedersachsen."""

__version__ = "0.1.0"
