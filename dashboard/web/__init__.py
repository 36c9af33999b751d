"""The web shell around the views: Dash components and ids, Flask routes, security headers and
the page shell. The only package besides pages and exports that imports Dash or Flask."""
