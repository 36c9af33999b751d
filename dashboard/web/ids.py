"""Component ids, as constants: prefixed by page so that no two pages can clash."""

from enum import StrEnum


class Shell(StrEnum):
    NAV = "shell-nav"
    LANGUAGE = "shell-language"  # the link to the same view in the other language
    SKIP = "shell-skip"
    PAGE_LANGUAGE = "shell-page-language"
    LOCATION = "shell-location"
    DEMO_BANNER = "shell-demo-banner"


class DataStatus(StrEnum):
    SUMMARY = "data-status-summary"
    OUTPUTS = "data-status-outputs"
    SOURCES = "data-status-sources"
    AREAS = "data-status-areas"
    EMPTY = "data-status-empty"
    RECORDS = "data-status-records"


class MapPage(StrEnum):
    MEASURE = "map-measure"
    PERIOD = "map-period"
    SEX = "map-sex"
    GRAPH = "map-graph"
    NOTICE = "map-notice"
    LOCATION = "map-location"
    KEY_MESSAGE = "map-key-message"
    TABLE = "map-table"
    NAVIGATE = "map-navigate"
    SEARCH = "map-search"


class InequalitiesPage(StrEnum):
    INDICATOR = "inequalities-indicator"
    SCHEME = "inequalities-scheme"
    BOARD = "inequalities-board"
    BOARD_REASON = "inequalities-board-reason"  # why the board choice is disabled, when it is
    SUMMARY_LIST = "inequalities-summary-list"
    GROUP_TABLE = "inequalities-group-table"
    SII_GRAPH = "inequalities-sii-graph"
    BOARD_SLOPE = "inequalities-board-slope"
    TREND = "inequalities-trend"
    TREND_GRAPH = "inequalities-trend-graph"
    TREND_MESSAGE = "inequalities-trend-message"
    BOARD_SLOPE_GRAPH = "inequalities-board-slope-graph"
    BOARD_SLOPE_MESSAGE = "inequalities-board-slope-message"
    SLOPE_GRAPH = "inequalities-slope-graph"
    SLOPE_MESSAGE = "inequalities-slope-message"
    SLOPE_TABLE = "inequalities-slope-table"
    PERIOD_GRAPH = "inequalities-period-graph"
    PERIOD_MESSAGE = "inequalities-period-message"
    SEX = "inequalities-sex"
    GROUPS = "inequalities-groups"
    GRAPH = "inequalities-graph"
    KEY_MESSAGE = "inequalities-key-message"
    SUMMARY = "inequalities-summary"
    TABLE = "inequalities-table"
    NOTICE = "inequalities-notice"
    LOCATION = "inequalities-location"


class OverviewPage(StrEnum):
    HEADLINE = "overview-headline"
    KEY_NUMBERS = "overview-key-numbers"
    GRAPH = "overview-graph"
    WAYS_IN = "overview-ways-in"
    TABLE = "overview-table"


class AreaPage(StrEnum):
    AREA = "area-area"
    WIMD = "area-wimd"
    NOTICE = "area-notice"
    LOCATION = "area-location"
    KEY_MESSAGE = "area-key-message"
    PROFILE = "area-profile"  # holds the profile chart block, or the sentence saying why there is none
    PROFILE_GRAPH = "area-profile-graph"
    PROFILE_TABLE = "area-profile-table"
    TREND = "area-trend"  # holds one graph per measure with periods: area-trend-<indicator>
    MEMBERS = "area-members"  # the similar areas, and a health board's local authorities
    SIMILAR_GRAPH = "area-similar-graph"
    SIMILAR_MESSAGE = "area-similar-message"
    MEMBERS_GRAPH = "area-members-graph"
    MEMBERS_MESSAGE = "area-members-message"
    MEMBERS_TABLE = "area-members-table"
    WITHIN = "area-within"  # a health board's own WIMD fifths, from death records
    WITHIN_GRAPH = "area-within-graph"
    WITHIN_MESSAGE = "area-within-message"
    WITHIN_TABLE = "area-within-table"
    WITHIN_TREND_GRAPH = "area-within-trend-graph"  # the board's own fifths year by year
    WITHIN_TREND_MESSAGE = "area-within-trend-message"
    HLE = "area-hle-section"  # healthy life expectancy of a local authority or Wales (ONS)
    HLE_GRAPH = "area-hle-graph"
    HLE_MESSAGE = "area-hle-message"
    SPREAD_GRAPH = "area-spread-graph"
    SPREAD_MESSAGE = "area-spread-message"
    SPREAD_TABLE = "area-spread-table"
    MAP_GRAPH = "area-map-graph"
    MAP_TABLE = "area-map-table"
    PRESENT = "area-present"  # a board's present-mode and board-pack links


class CarePage(StrEnum):
    SEX = "care-sex"
    PERIOD = "care-period"
    NOTICE = "care-notice"
    LOCATION = "care-location"
    HEALTH = "care-health"  # healthy life expectancy: the gap and deprivation charts
    SUPPLY = "care-supply"  # GP supply against need
    # each chart's graph, key sentence and table: care-<chart id>-graph, -message, -table


class MethodsPage(StrEnum):
    SOURCES = "methods-sources"
    CAVEATS = "methods-caveats"
    DEFINITION = "methods-definition"
    DISPUTED = "methods-disputed"
    FORMULAS = "methods-formulas"
