"""Bad input: every case gives a clear error naming where to look, exits non-zero and leaves
the last good build exactly as it was. Fixtures are made by doctoring copies of real files."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from dashboard.config import Settings
from dashboard.etl.__main__ import EXIT_BAD_INPUT, main
from dashboard.etl.build import build
from dashboard.etl.errors import SourceError
from dashboard.etl.readers import ons_deprivation
from dashboard.etl.steps import STEPS, Step, StepResult
from dashboard.model import columns as col

SAPE_2019 = "population/sape_mid2019_lsoa11_persons_syoa_wales.csv"
WIMD_2025 = "deprivation/wimd-2025-index-and-domain-ranks-by-small-area.csv"
WIMD_2019 = "deprivation/welsh-index-multiple-deprivation-2019-index-and-domain-ranks-by-small-area.xlsx"
AVOIDABLE_2022 = "mortality/people_avoidable_mortality.csv"


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def doctored(built_copy: Settings, mirror: Path, tmp_path: Path) -> Path:
    """A private copy of the mirror that a test may damage."""
    copy = tmp_path / "mirror"
    shutil.copytree(mirror, copy)
    return copy


def _edit_lines(path: Path, edit: Callable[[list[str]], list[str]]) -> None:
    path.chmod(0o644)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(edit(lines)), encoding="utf-8")


def _replace_cell(line: str, column: int, value: str) -> str:
    cells = line.rstrip("\r\n").split(",")
    cells[column] = value
    return ",".join(cells) + "\n"


def _run_build(settings: Settings, mirror: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    before = _tree_digest(settings.processed_dir)
    status = main(["build", "--quiet", "--mirror", str(mirror), "--data-dir", str(settings.data_dir), *extra])
    message = capsys.readouterr().err
    assert status == EXIT_BAD_INPUT, message
    assert message.startswith("error: ")
    assert _tree_digest(settings.processed_dir) == before, "the last good build must be left untouched"
    assert not list(settings.processed_dir.glob(".staging-*"))
    return message


def test_missing_file(built_copy: Settings, doctored: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (doctored / SAPE_2019).unlink()
    (built_copy.raw_dir / SAPE_2019).unlink()
    message = _run_build(built_copy, doctored, capsys)
    assert "source population_lsoa_2019" in message and "not in the mirror folder" in message


def test_checksum_differs_from_registry(
    built_copy: Settings, doctored: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit_lines(doctored / AVOIDABLE_2022, lambda lines: [*lines, "\n"])
    message = _run_build(built_copy, doctored, capsys)
    assert "source ons_avoidable_la_2022" in message and "does not match the registry" in message
    # The raw file kept is still the good one.
    assert (built_copy.raw_dir / AVOIDABLE_2022).read_bytes() != (doctored / AVOIDABLE_2022).read_bytes()


def test_truncated_workbook(built_copy: Settings, doctored: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = doctored / WIMD_2019
    path.chmod(0o644)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    message = _run_build(built_copy, doctored, capsys, "--allow-unverified")
    assert "source wimd2019_ranks" in message and "corrupt or truncated" in message


def test_renamed_column(built_copy: Settings, doctored: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit_lines(doctored / WIMD_2025, lambda lines: [lines[0].replace("Income ", "Earnings"), *lines[1:]])
    message = _run_build(built_copy, doctored, capsys, "--allow-unverified")
    assert "source wimd2025_ranks" in message and "domain rank columns missing: ['income']" in message


def test_missing_column(built_copy: Settings, doctored: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def drop_age_45(lines: list[str]) -> list[str]:
        position = lines[0].rstrip("\n").split(",").index("45")
        return [
            ",".join(c for i, c in enumerate(line.rstrip("\n").split(",")) if i != position) + "\n" for line in lines
        ]

    _edit_lines(doctored / SAPE_2019, drop_age_45)
    message = _run_build(built_copy, doctored, capsys, "--allow-unverified")
    assert "source population_lsoa_2019" in message and "age columns missing: ['45']" in message


def test_duplicated_area_code(built_copy: Settings, doctored: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit_lines(
        doctored / WIMD_2025, lambda lines: [*lines[:2], lines[2].replace("W01000004", "W01000003"), *lines[3:]]
    )
    message = _run_build(built_copy, doctored, capsys, "--allow-unverified")
    assert "source wimd2025_ranks" in message and "row 3" in message and "'LSOA code'" in message
    assert "appears more than once" in message


def test_unknown_area_code(built_copy: Settings, doctored: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit_lines(
        doctored / AVOIDABLE_2022, lambda lines: [lines[0], lines[1].replace("W06000001", "W06000099"), *lines[2:]]
    )
    message = _run_build(built_copy, doctored, capsys, "--allow-unverified")
    assert "source ons_avoidable_la_2022" in message and "unknown LA codes, first W06000099" in message


@pytest.mark.parametrize(
    ("bad_value", "problem"), [("-5", "is negative"), ("n/a", "is not a number"), ("2.5", "is not a whole number")]
)
def test_bad_count(
    built_copy: Settings, doctored: Path, capsys: pytest.CaptureFixture[str], bad_value: str, problem: str
) -> None:
    def spoil(lines: list[str]) -> list[str]:
        position = lines[0].rstrip("\n").split(",").index("30")
        return [*lines[:10], _replace_cell(lines[10], position, bad_value), *lines[11:]]

    _edit_lines(doctored / SAPE_2019, spoil)
    message = _run_build(built_copy, doctored, capsys, "--allow-unverified")
    assert "source population_lsoa_2019" in message and "row 11" in message and "column '30'" in message
    assert problem in message


def test_zero_population_where_deaths_exist(mirror: Path) -> None:
    """The ONS workbook is legacy .xls, which nothing here can write, so the check is run on the
    real workbook's frames with one population cell set to zero."""
    book = ons_deprivation.read_deprivation_workbook(
        mirror / "mortality/ons_wales_deaths_wimd2014_decile_cause_age_sex_2017.xls", "ons_deprivation_deaths_2017"
    )
    population = book.population.copy()
    cell = (
        (population[col.WIMD_DECILE] == 3) & (population[col.SEX] == "Female") & (population[col.AGE_BAND] == "80-84")
    )
    population.loc[cell, col.POPULATION] = 0
    with pytest.raises(SourceError) as raised:
        ons_deprivation._check_population_where_deaths(book.deaths, population, "ons_deprivation_deaths_2017", mirror)
    assert "have deaths but zero or no population" in str(raised.value)
    assert "decile 3, Female, age 80-84" in str(raised.value)


def test_interrupted_build_leaves_last_good_frames(built_copy: Settings) -> None:
    before = _tree_digest(built_copy.processed_dir)

    def interrupted(_: object) -> StepResult:
        raise KeyboardInterrupt

    steps = [replace(step, run=interrupted) if step.name == "indicators" else step for step in STEPS]
    assert isinstance(steps[-1], Step)
    with pytest.raises(KeyboardInterrupt):
        build(built_copy, steps=steps, force=True, progress=False)
    assert _tree_digest(built_copy.processed_dir) == before
    assert not list(built_copy.processed_dir.glob(".staging-*"))


def test_contract_breach_names_the_frame(built_copy: Settings) -> None:
    """A frame that breaks its contract (here: a negative rate) is refused with its name and column."""
    from dashboard.etl import contracts

    frame = pd.read_parquet(built_copy.processed_dir / "indicators.parquet")
    frame.loc[0, col.VALUE] = -1.0
    with pytest.raises(SourceError) as raised:
        contracts.validate(frame, contracts.INDICATORS, frame_name="indicators", source_ids=["x"])
    assert "frame 'indicators'" in str(raised.value) and "column 'value'" in str(raised.value)


def test_csv_cut_inside_its_last_row(built_copy: Settings, doctored: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The last line 'W06000022,31' (the rest of the file lost in transfer) once built as a rate of 31."""
    path = doctored / AVOIDABLE_2022
    path.chmod(0o644)
    text = path.read_text(encoding="utf-8").rstrip("\n")
    last = text.rsplit("\n", 1)[1]
    path.write_text(text[: len(text) - len(last)] + last[:12], encoding="utf-8")
    message = _run_build(built_copy, doctored, capsys, "--allow-unverified")
    assert "source ons_avoidable_la_2022" in message and "cut short" in message and "row 23" in message


def test_an_unregistered_rate_column_is_not_guessed_at(
    built_copy: Settings, doctored: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A male-rates column placed before the persons rate once read silently as persons."""

    def male_first(lines: list[str]) -> list[str]:
        header, *rows = lines
        return [header.replace("ltla24_code,", "ltla24_code,male_deaths_per_100k,"),
                *(row.replace(",", ",999.9,", 1) for row in rows)]  # fmt: skip

    _edit_lines(doctored / AVOIDABLE_2022, male_first)
    message = _run_build(built_copy, doctored, capsys, "--allow-unverified")
    assert "source ons_avoidable_la_2022" in message and "male_deaths_per_100k" in message and "row 1" in message


def test_registered_rate_column_renamed(
    built_copy: Settings, doctored: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit_lines(doctored / AVOIDABLE_2022, lambda lines: [lines[0].replace("avoidable_deaths_per_100k", "rate"),
                                                         *lines[1:]])  # fmt: skip
    message = _run_build(built_copy, doctored, capsys, "--allow-unverified")
    assert "expected the registered columns" in message and "avoidable_deaths_per_100k" in message


def test_population_duplicated_lsoa_names_file_and_row(
    built_copy: Settings, doctored: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def repeat_first_area(lines: list[str]) -> list[str]:
        return [*lines[:3], lines[1], *lines[4:]]  # row 4 repeats row 2's LSOA

    _edit_lines(doctored / SAPE_2019, repeat_first_area)
    message = _run_build(built_copy, doctored, capsys, "--allow-unverified")
    assert "source population_lsoa_2019" in message and "sape_mid2019_lsoa11_persons_syoa_wales.csv" in message
    assert "row 4" in message and "appears twice" in message and "frame row" not in message


def test_population_year_must_agree_with_the_file(mirror: Path) -> None:
    from dashboard.etl.errors import SourceError
    from dashboard.etl.readers.population import read_population_by_age

    path = mirror / SAPE_2019
    assert set(read_population_by_age(path, "x", 2019)["year"]) == {2019}
    with pytest.raises(SourceError, match="file is for mid-2019 but the registry says mid-2020"):
        read_population_by_age(path, "x", 2020)


def test_a_build_killed_while_it_swaps_leaves_one_whole_build(
    built_copy: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outputs are linked into a new build folder and data/processed flips to it in one rename: a
    build that dies half way through linking (or writing) leaves the old build whole, never a mix
    of two; the staging folder a killed build leaves behind is removed by the next build."""
    import os

    from dashboard.etl import build as build_module

    before = _tree_digest(built_copy.processed_dir)
    real_link, calls = os.link, []

    def dies_half_way(source: Path, target: Path) -> None:
        calls.append(source)
        if len(calls) == 5:
            raise KeyboardInterrupt  # as a kill part way through the swap
        real_link(source, target)

    monkeypatch.setattr(build_module.os, "link", dies_half_way)
    steps = [step for step in STEPS if step.name == "esp2013"]
    with pytest.raises(KeyboardInterrupt):
        build(built_copy, steps=steps, force=True, progress=False)
    assert len(calls) == 5
    assert _tree_digest(built_copy.processed_dir) == before  # the last good build, whole
    assert built_copy.processed_dir.is_symlink()
    monkeypatch.setattr(build_module.os, "link", real_link)
    builds = built_copy.processed_dir.parent / build_module.BUILDS_DIR
    left_behind = builds / f"{build_module.STAGING_PREFIX}999999"  # a killed build's folder
    left_behind.mkdir()
    report = build(built_copy, steps=steps, force=True, progress=False)
    assert report.ran == ["esp2013"]
    assert not left_behind.exists()
    assert [folder.name for folder in builds.iterdir()] == [built_copy.processed_dir.resolve().name]
    after = _tree_digest(built_copy.processed_dir)
    assert set(after) == set(before)  # every output carried into the new build
    assert {
        name: digest for name, digest in after.items() if name != "manifest.json" and name != "esp2013.parquet"
    } == {name: digest for name, digest in before.items() if name != "manifest.json" and name != "esp2013.parquet"}
