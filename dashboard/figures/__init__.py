"""Figures as pure functions: frame + options -> plotly Figure. The same function feeds the
page, the embed route and the exports; all styling comes from `theme`."""
