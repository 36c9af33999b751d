"""The dashboard's vocabulary: columns and their types, WIMD groupings, the indicator catalogue, which
rows a view may show, source ids, WIMD group selections and what the map can show. No web code."""
