"""Build steps for areas and geography: the area list, the 2011-2021 LSOA change, boundaries."""

from __future__ import annotations

import re
from collections.abc import Callable

import geopandas as gpd
import pandas as pd

from dashboard.etl import contracts
from dashboard.etl.errors import SourceError
from dashboard.etl.geometry import (
    OVERLAP_TOLERANCE,
    exteriors_clockwise,
    neighbour_pairs,
    simplify_for_map,
    to_geojson_bytes,
)
from dashboard.etl.inputs import Inputs
from dashboard.etl.plan import (
    BOUNDARY_SOURCES,
    LOOKUPS,
    WELSH_NAMES,
)
from dashboard.etl.steps.common import (
    Output,
    StepResult,
    area_codes,
    read_lookups,
    require_known,
)
from dashboard.i18n.glossary import board_names_cy
from dashboard.model import columns as col

NEIGHBOUR_LEVELS = ("lsoa11", "lsoa21")
LSOA_NUMBER = re.compile(r" (\d{3}[A-Z])$")  # an LSOA name ends in its number within the authority


def welsh_lsoa_name(name: str, la_name_cy: str) -> str:
    """An LSOA's Welsh name as ONS writes it (LSOA11NMW): its authority's Welsh name and the same
    number and letter ("Isle of Anglesey 007A" -> "Ynys Môn 007A"; the English names do not always
    repeat the authority's name as written: "The Vale of Glamorgan 015A" -> "Bro Morgannwg 015A")."""
    found = LSOA_NUMBER.search(name)
    return f"{la_name_cy} {found.group(1)}" if found else name


def build_areas(inputs: Inputs) -> StepResult:
    """Every area the dashboard knows, one row per level and code, with its LA and LHB, and its
    Welsh name: local authorities' from the ONS lookup (ladnmw), LSOAs' made from them as ONS
    makes LSOA11NMW, health boards' from the glossary (their own Welsh names)."""
    lookups = read_lookups(inputs)
    welsh_las = inputs.read(WELSH_NAMES).set_index(col.LA_CODE)[col.LA_NAME_CY]
    require_known(lookups[col.LA_CODE], set(welsh_las.index), what="local authority with a Welsh name",
                  source_id=WELSH_NAMES)  # fmt: skip
    lookups = lookups.assign(**{col.LA_NAME_CY: lookups[col.LA_CODE].map(welsh_las)})
    lsoas = pd.DataFrame(
        {
            col.GEOGRAPHY_LEVEL: "lsoa" + lookups[col.LSOA_VINTAGE].astype(str).str[-2:],
            col.AREA_CODE: lookups[col.LSOA_CODE],
            col.AREA_NAME: lookups[col.LSOA_NAME],
            col.AREA_NAME_CY: [
                welsh_lsoa_name(name, la_cy)
                for name, la_cy in zip(lookups[col.LSOA_NAME], lookups[col.LA_NAME_CY], strict=True)
            ],
            col.LA_CODE: lookups[col.LA_CODE],
            col.LHB_CODE: lookups[col.LHB_CODE],
        }
    )
    current = lookups[lookups[col.LSOA_VINTAGE] == lookups[col.LSOA_VINTAGE].max()]
    las = current.drop_duplicates(col.LA_CODE)
    lhbs = current.drop_duplicates(col.LHB_CODE)
    frame = pd.concat(
        [
            pd.DataFrame(
                {
                    col.GEOGRAPHY_LEVEL: ["country"],
                    col.AREA_CODE: [col.WALES_CODE],
                    col.AREA_NAME: [col.WALES_NAME],
                    col.AREA_NAME_CY: [col.WALES_NAME_CY],
                }
            ),
            pd.DataFrame(
                {
                    col.GEOGRAPHY_LEVEL: "lhb",
                    col.AREA_CODE: lhbs[col.LHB_CODE],
                    col.AREA_NAME: lhbs[col.LHB_NAME],
                    col.AREA_NAME_CY: lhbs[col.LHB_NAME].map(board_names_cy()),
                    col.LHB_CODE: lhbs[col.LHB_CODE],
                }
            ),
            pd.DataFrame(
                {
                    col.GEOGRAPHY_LEVEL: "la",
                    col.AREA_CODE: las[col.LA_CODE],
                    col.AREA_NAME: las[col.LA_NAME],
                    col.AREA_NAME_CY: las[col.LA_NAME_CY],
                    col.LA_CODE: las[col.LA_CODE],
                    col.LHB_CODE: las[col.LHB_CODE],
                }
            ),
            lsoas,
        ],
        ignore_index=True,
    )
    contracts.validate(frame, contracts.AREAS, frame_name="areas", source_ids=LOOKUPS)
    return StepResult({"areas.parquet": frame})


def build_lsoa_change(inputs: Inputs) -> StepResult:
    frame = inputs.read("lsoa_change")
    require_known(frame[col.LSOA11_CODE], area_codes(inputs, "lsoa11"), what="LSOA 2011", source_id="lsoa_change")
    require_known(frame[col.LSOA21_CODE], area_codes(inputs, "lsoa21"), what="LSOA 2021", source_id="lsoa_change")
    contracts.validate(frame, contracts.LSOA_CHANGE, frame_name="lsoa_change", source_ids=["lsoa_change"])
    counts = frame[col.LSOA_CHANGE].value_counts().to_dict()
    return StepResult({"lsoa_change.parquet": frame}, [f"LSOA 2011 -> 2021 changes: {counts}"])


def boundary_step(level: str) -> Callable[[Inputs], StepResult]:
    source_id = BOUNDARY_SOURCES[level]
    count = {
        "lsoa11": contracts.LSOA11_COUNT,
        "lsoa21": contracts.LSOA21_COUNT,
        "la": contracts.LA_COUNT,
        "lhb": contracts.LHB_COUNT,
    }[level]

    def run(inputs: Inputs) -> StepResult:
        frame: gpd.GeoDataFrame = inputs.read(source_id).sort_values(col.AREA_CODE, ignore_index=True)
        require_known(frame[col.AREA_CODE], area_codes(inputs, level), what=level, source_id=source_id)
        contracts.validate(
            frame, contracts.boundaries(level, count), frame_name=f"boundaries_{level}", source_ids=[source_id]
        )
        simplified, report = simplify_for_map(frame, level)
        if not exteriors_clockwise(simplified.geometry.values):
            raise SourceError("map geometry has counter-clockwise outer rings after orientation", source_id=source_id)
        if report.added_overlap_share > OVERLAP_TOLERANCE:
            raise SourceError(
                f"simplification added overlaps of {report.added_overlap_share:.1e} of the area", source_id=source_id
            )
        geojson = to_geojson_bytes(simplified)
        note = (
            f"{level}: {len(frame)} areas, {report.vertices_before} -> {report.vertices_after} vertices, "
            f"overlap added {report.added_overlap_share:.1e} of the area, map GeoJSON {len(geojson) / 1e3:.0f} kB"
        )
        outputs: dict[str, Output] = {f"boundaries_{level}.parquet": frame, f"map_{level}.geojson": geojson}
        if level in NEIGHBOUR_LEVELS:  # what a spatial smoother of small-area rates borrows strength from
            pairs = neighbour_pairs(frame)
            contracts.validate(pairs, contracts.neighbours(count), frame_name=f"neighbours_{level}",
                               source_ids=[source_id])  # fmt: skip
            outputs[f"neighbours_{level}.parquet"] = pairs
            note += f", {len(pairs) // 2} neighbour pairs ({(pairs[col.LINK] == 'nearest').sum() // 2} island links)"
        return StepResult(outputs, [note])

    return run
