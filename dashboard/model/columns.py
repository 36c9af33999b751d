"""The project's column vocabulary: every processed frame names its columns from here.

Never retype a column string elsewhere; import the constant. Categorical axes are Literal
types so mypy catches a misspelt geography level or origin.
"""

from typing import Final, Literal

# Areas
AREA_CODE: Final = "area_code"
AREA_NAME: Final = "area_name"
AREA_NAME_CY: Final = "area_name_cy"
GEOGRAPHY_LEVEL: Final = "geography_level"
LSOA_CODE: Final = "lsoa_code"
LSOA_NAME: Final = "lsoa_name"
LSOA_VINTAGE: Final = "lsoa_vintage"
LSOA11_CODE: Final = "lsoa11_code"
LSOA21_CODE: Final = "lsoa21_code"
LSOA_CHANGE: Final = "change"
LA_CODE: Final = "la_code"
LA_NAME: Final = "la_name"
LA_NAME_CY: Final = "la_name_cy"
LHB_CODE: Final = "lhb_code"
LHB_NAME: Final = "lhb_name"
GEOMETRY: Final = "geometry"
NEIGHBOUR_CODE: Final = "neighbour_code"  # an area sharing a boundary with area_code (or an island's nearest)
LINK: Final = "link"  # how the two are neighbours: "boundary" or "nearest"

# Deprivation
WIMD_EDITION: Final = "wimd_edition"
WIMD_DOMAIN: Final = "domain"
WIMD_RANK: Final = "rank"
WIMD_DECILE: Final = "decile"
WIMD_QUINTILE: Final = "quintile"
WIMD_LHB_QUINTILE: Final = "lhb_quintile"

# People and deaths
YEAR: Final = "year"
AGE: Final = "age"
AGE_BAND: Final = "age_band"
SEX: Final = "sex"
CAUSE_CODE: Final = "cause_code"
CAUSE_NAME: Final = "cause_name"
DEATHS: Final = "deaths"
POPULATION: Final = "population"
ESP_WEIGHT: Final = "esp_weight"

# The common indicator frame (DESIGN.md): every figure reads this shape.
INDICATOR: Final = "indicator"
PERIOD: Final = "period"
AGE_GROUP: Final = "age_group"
BREAKDOWN: Final = "breakdown"
VALUE: Final = "value"
LOWER: Final = "lower"
UPPER: Final = "upper"
UNIT: Final = "unit"
SUPPRESSED_REASON: Final = "suppressed_reason"
SOURCE_ID: Final = "source_id"
ORIGIN: Final = "origin"
# An area's place among the areas of its level on one measure (1 = highest rate), and how many
# areas that is: never called "rank", which is the WIMD rank of an LSOA.
PEER_RANK: Final = "peer_rank"
PEERS: Final = "peers"
# The WIMD grouping of a row broken down by deprivation, as columns: `breakdown` is only its label
# ("WIMD 2019 national quintile 3"), never parsed back. Empty for area rows.
GROUP_EDITION: Final = "group_edition"  # the WIMD edition that ranks the LSOAs, e.g. "2019"
GROUP_SCHEME: Final = "group_scheme"  # national | within-health-board
GROUP_KIND: Final = "group_kind"  # quintile | decile
GROUP_NUMBER: Final = "group_number"  # 1 = most deprived

# Smoothed small-area estimates (deaths.small_areas): observed and expected deaths (indirectly
# standardised to Wales by age), the smoothed ratio with its 95% credible limits, the probability
# that the area's risk exceeds Wales's, and that probability's band (1 low, 2 uncertain, 3 high).
EXPECTED: Final = "expected"
SMOOTHED_RATIO: Final = "smoothed_ratio"
SMOOTHED_LOWER: Final = "smoothed_lower"
SMOOTHED_UPPER: Final = "smoothed_upper"
EXCEEDANCE: Final = "exceedance"
EXCEEDANCE_BAND: Final = "exceedance_band"
RATIO_BAND: Final = "ratio_band"  # 1 to 5: below 0.8, 0.8-0.9, 0.9-1.1, 1.1-1.25, 1.25 and above
DETAIL: Final = "detail"  # what a smoothed row publishes: "shown" (numbers and bands), "bands" or "withheld"
METHOD: Final = "method"

# Beyond deaths (etl.readers.health): healthy life expectancy by 3-year period, and GP supply.
FIRST_YEAR: Final = "first_year"  # a period's first and last calendar years (2011-2013: 2011, 2013)
LAST_YEAR: Final = "last_year"
COMPARATOR: Final = "comparator"  # the geography level of England and the UK beside Wales (HLE only)
PATIENTS: Final = "patients"  # registered with the area's GP practices, temporary residents included
GPS: Final = "gps"  # headcount of GPs in those practices, not full-time equivalents
PATIENTS_PER_GP: Final = "patients_per_gp"
HLE_COLUMNS: Final = (AREA_CODE, AREA_NAME, GEOGRAPHY_LEVEL, SEX, PERIOD, FIRST_YEAR, LAST_YEAR, VALUE, LOWER, UPPER,
                      METHOD, SOURCE_ID)  # fmt: skip
GP_SUPPLY_COLUMNS: Final = (AREA_CODE, AREA_NAME, YEAR, PATIENTS, GPS, PATIENTS_PER_GP, SOURCE_ID)

INDICATOR_COLUMNS: Final = (
    INDICATOR,
    GEOGRAPHY_LEVEL,
    AREA_CODE,
    AREA_NAME,
    PERIOD,
    SEX,
    AGE_GROUP,
    BREAKDOWN,
    GROUP_EDITION,
    GROUP_SCHEME,
    GROUP_KIND,
    GROUP_NUMBER,
    DEATHS,
    POPULATION,
    VALUE,
    LOWER,
    UPPER,
    UNIT,
    SUPPRESSED_REASON,
    SOURCE_ID,
    ORIGIN,
)

# The smoothed small-area frame (deaths.small_areas, contract SMOOTHED), in its order.
SMOOTHED_COLUMNS: Final = (INDICATOR, PERIOD, AREA_CODE, AREA_NAME, DEATHS, EXPECTED, SMOOTHED_RATIO, SMOOTHED_LOWER,
                           SMOOTHED_UPPER, RATIO_BAND, EXCEEDANCE_BAND, DETAIL, SUPPRESSED_REASON, METHOD, SOURCE_ID,
                           ORIGIN)  # fmt: skip

GeographyLevel = Literal["country", "lhb", "la", "lsoa11", "lsoa21"]
Origin = Literal["published", "computed", "synthetic"]
Sex = Literal["Persons", "Male", "Female"]

GEOGRAPHY_LEVELS: Final[tuple[GeographyLevel, ...]] = ("country", "lhb", "la", "lsoa11", "lsoa21")
ORIGINS: Final[tuple[Origin, ...]] = ("published", "computed", "synthetic")
SEXES: Final[tuple[Sex, ...]] = ("Persons", "Male", "Female")
# What a row carries where its source does not say (a sex, an age group, a standard population):
# never an assumed value. The ONS 2019-edition extract records neither its sex nor its ages.
NOT_RECORDED: Final = "not recorded"

# ONS GSS code families for Wales.
CODE_PREFIX: Final[dict[GeographyLevel, str]] = {
    "country": "W92",
    "lhb": "W11",
    "la": "W06",
    "lsoa11": "W01",
    "lsoa21": "W01",
}
WALES_CODE: Final = "W92000004"
WALES_NAME: Final = "Wales"
WALES_NAME_CY: Final = "Cymru"

# Five-year age bands as published by ONS; "<1" and "1-4" together make the ESP band "0-4".
AGE_BANDS: Final = (
    "<1",
    "1-4",
    "5-9",
    "10-14",
    "15-19",
    "20-24",
    "25-29",
    "30-34",
    "35-39",
    "40-44",
    "45-49",
    "50-54",
    "55-59",
    "60-64",
    "65-69",
    "70-74",
    "75-79",
    "80-84",
    "85-89",
    "90+",
)
ESP_AGE_BANDS: Final = ("0-4", *AGE_BANDS[2:])
