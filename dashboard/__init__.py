"""Avoidable mortality in Wales: who dies too young, by area and by deprivation."""

__version__ = "0.1.0"
