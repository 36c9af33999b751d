"""Charts out of the dashboard: images (PNG, SVG), data (CSV, XLSX), standalone HTML, embeds and
oEmbed, each from the chart a link names through the view layer's `parse` and `build`."""
