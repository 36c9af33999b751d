"""Source ids shared by the records pipeline and the web code (a neutral module: no ETL imports)."""

from typing import Final

RECORDS_PREFIX: Final = "deaths:"  # source ids of figures from the records pipeline: deaths:<extract file>
