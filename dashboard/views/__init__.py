"""The view layer: what each page shows, computed from the data without Dash (pages lay it out)."""
