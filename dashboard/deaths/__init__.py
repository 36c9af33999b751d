"""Death-registration records -> avoidable and premature mortality, computed the way the
published tables are, for areas and deprivation groups nobody publishes."""
