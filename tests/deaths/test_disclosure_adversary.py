"""An adversary against the records pipeline's disclosure control. It takes what the pipeline
publishes and tries every differencing route: persons minus one sex, avoidable minus preventable
or treatable, a local authority, health board or Wales minus its shown LSOAs, a WIMD group
(national deciles and quintiles of 2019 and 2014, fifths within each board) minus its shown LSOAs,
over two years pooled; and it repeats with whatever it has recovered. It must recover nothing.

The routes are built here from the published frame and the area lookups, not from the pipeline's
own list of sums, so a route the pipeline forgot is still tried."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.config import Settings
from dashboard.deaths.__main__ import main
from dashboard.model import columns as col
from dashboard.stats.disclosure import Relation, recoverable


@pytest.fixture(scope="module")
def published(built: Settings, register: Path, tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """The register over two years (2017 and the same deaths again in 2018), pooled in pairs, so
    LSOA rows come from a pooled period as they do for real extracts."""
    folder = tmp_path_factory.mktemp("adversary")
    frame = pd.read_csv(register, dtype=str, keep_default_na=False)
    later = frame.assign(registration_date=frame["registration_date"].str.replace("2017-", "2018-", regex=False))
    extract = folder / "two_years.csv"
    pd.concat([frame, later]).to_csv(extract, index=False)
    out = folder / "indicators.parquet"
    status = main(["build", str(extract), "--data-dir", str(built.data_dir), "--out", str(out), "--pool-years", "2"])
    assert status == 0
    return pd.read_parquet(out).reset_index(drop=True)


def _routes(frame: pd.DataFrame, built: Settings) -> list[Relation]:
    positions = pd.Series(np.arange(len(frame)), index=frame.index)
    areas = pd.read_parquet(built.processed_dir / "areas.parquet")
    wimd = pd.read_parquet(built.processed_dir / "wimd.parquet")
    wimd2019 = wimd[wimd[col.WIMD_EDITION] == 2019].set_index(col.LSOA_CODE)
    deciles_2014 = pd.read_parquet(built.processed_dir / "deprivation_lsoa.parquet").set_index(col.LSOA_CODE)
    lsoa = areas[areas[col.GEOGRAPHY_LEVEL] == "lsoa11"].set_index(col.AREA_CODE)
    plain = frame[frame[col.BREAKDOWN].isna()]
    routes: list[Relation] = []

    def add(totals: pd.DataFrame, parts: pd.DataFrame, by: list[str]) -> None:
        total_at = dict(zip(map(tuple, totals[by].to_numpy()), positions[totals.index], strict=True))
        for key, rows in parts.groupby(by):
            routes.append(Relation(total_at.get(tuple(key)), tuple(positions[rows.index])))

    # Sex and indicator splits, at every level.
    same = [col.INDICATOR, col.GEOGRAPHY_LEVEL, col.AREA_CODE, col.PERIOD, col.AGE_GROUP, col.BREAKDOWN]
    filled = frame.fillna({col.BREAKDOWN: "-"})
    add(filled[filled[col.SEX] == "Persons"], filled[filled[col.SEX] != "Persons"], same)
    split = [col.GEOGRAPHY_LEVEL, col.AREA_CODE, col.PERIOD, col.SEX, col.AGE_GROUP, col.BREAKDOWN]
    add(
        filled[filled[col.INDICATOR] == "avoidable_mortality"],
        filled[filled[col.INDICATOR].isin(["preventable_mortality", "treatable_mortality"])],
        split,
    )
    # Areas and WIMD groups as sums of their LSOAs.
    lsoas = plain[plain[col.GEOGRAPHY_LEVEL] == "lsoa11"].copy()
    lsoas["la"] = lsoas[col.AREA_CODE].map(lsoa[col.LA_CODE])
    lsoas["lhb"] = lsoas[col.AREA_CODE].map(lsoa[col.LHB_CODE])
    lsoas["wales"] = col.WALES_CODE
    per = [col.INDICATOR, col.PERIOD, col.SEX, col.AGE_GROUP]
    for level, column in (("la", "la"), ("lhb", "lhb"), ("country", "wales")):
        totals = plain[plain[col.GEOGRAPHY_LEVEL] == level].assign(**{column: lambda f: f[col.AREA_CODE]})
        add(totals, lsoas, [*per, column])
    groups = {
        "WIMD 2019 national decile": lsoas[col.AREA_CODE].map(wimd2019[col.WIMD_DECILE]),
        "WIMD 2019 national quintile": lsoas[col.AREA_CODE].map(wimd2019[col.WIMD_QUINTILE]),
        "WIMD 2014 national decile": lsoas[col.AREA_CODE].map(deciles_2014[col.WIMD_DECILE]),
        "WIMD 2014 national quintile": (lsoas[col.AREA_CODE].map(deciles_2014[col.WIMD_DECILE]) + 1) // 2,
        "WIMD 2019 within-health-board quintile": lsoas[col.AREA_CODE].map(wimd2019[col.WIMD_LHB_QUINTILE]),
    }
    for label, group in groups.items():
        within = "within" in label
        parts = lsoas.assign(
            group=label + " " + group.astype(int).astype(str), where=lsoas["lhb" if within else "wales"]
        )
        totals = frame[frame[col.BREAKDOWN].fillna("").str.startswith(label)]
        totals = totals.assign(group=totals[col.BREAKDOWN], where=totals[col.AREA_CODE])
        add(totals, parts, [*per, "where", "group"])
    return routes


def test_no_withheld_count_can_be_recovered_by_any_route(published: pd.DataFrame, built: Settings) -> None:
    lsoa_rows = published[published[col.GEOGRAPHY_LEVEL] == "lsoa11"]
    shown = lsoa_rows[col.DEATHS].dropna()
    assert not ((shown > 0) & (shown < 5)).any(), "a small count (halves included) is shown"
    withheld = lsoa_rows[col.DEATHS].isna()
    assert withheld.sum() > 1000  # the test has something to attack
    reasons = published[col.SUPPRESSED_REASON].fillna("")
    assert reasons.str.contains("count-secondary").sum() > 0  # secondary suppression at work
    routes = _routes(published, built)
    assert len(routes) > 10_000
    found = recoverable(published[col.DEATHS].to_numpy(dtype="float64", na_value=np.nan), routes)
    assert found == set(), published.iloc[sorted(found)[:5]][[col.INDICATOR, col.AREA_CODE, col.SEX, col.PERIOD]]


def test_the_adversary_does_recover_what_primary_suppression_alone_leaves(published: pd.DataFrame) -> None:
    """Without secondary suppression the same routes do recover counts: the adversary can fail."""
    # persons 7 = male ? + female 4; LA 15 = LSOAs 3 + ? + 9; and 20 = ? + ? + 10 is safe
    deaths = np.array([7.0, np.nan, 4.0, 15.0, 3.0, np.nan, 9.0, 20.0, np.nan, np.nan, 10.0])
    routes = [Relation(0, (1, 2)), Relation(3, (4, 5, 6)), Relation(7, (8, 9, 10))]
    assert recoverable(deaths, routes) == {1, 5}
    pinned = np.array([6.0, np.nan, np.nan, 5.0])  # total 6 = ? + ? + 5: both hidden parts must be 0.5
    assert recoverable(pinned, [Relation(0, (1, 2, 3))]) == {1, 2}
    assert len(published) > 0
