"""Statistics for mortality rates and their inequality: pure functions on numpy and pandas,
with no Dash, checked against published reference values in tests/stats."""
