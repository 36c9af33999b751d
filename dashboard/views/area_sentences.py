"""The area profile's key sentences: where an area stands among its peers, said with how sure it
is (or not at all), and a board's local authorities without ranks."""

from __future__ import annotations

from typing import cast

import pandas as pd

from dashboard import data
from dashboard.figures.profile import ROW
from dashboard.i18n import _, decimal, word_list
from dashboard.model import columns as col
from dashboard.views.area_frames import (
    Profile,
    subject_first,
)
from dashboard.words.labels import (
    indicator_label,
    level_word,
    period_label,
    synthetic_prefix,
)


def position(row: pd.Series) -> str:
    """Where an area stands among its peers: the highest, the lowest, or its rank."""
    rank, peers = row[col.PEER_RANK], row[col.PEERS]
    if rank == 1:
        return _("the highest")
    return _("the lowest") if rank == peers else _("ranked {rank} (1 = highest)").format(rank=int(rank))


def standing(area: Profile, row: pd.Series) -> str:
    """The area's rank among its peers on the row's line, said with how sure it is: not at all
    when some peers have no figure (a rank among the rest would mislead: the boards left out of
    2014 had the highest rates), and with the number of peers whose 95% CIs overlap the area's."""
    line = area.peers[area.peers[ROW] == row[ROW]]
    everyone = data.areas(cast(col.GeographyLevel, area.level))
    missing = everyone[~everyone[col.AREA_CODE].isin(line[col.AREA_CODE])]
    fields = {"position": position(row), "peers": int(row[col.PEERS]),
              "peer_words": level_word(area.level, many=True)}  # fmt: skip
    if not missing.empty:
        template = _("not ranked: {held} of the {total} {peer_words} have a figure for {period} (none for {missing})")
        return template.format(
            held=len(line), total=len(everyone), peer_words=fields["peer_words"],
            period=period_label(row[col.PERIOD]), missing=word_list(sorted(missing[col.AREA_NAME])),
        )  # fmt: skip
    if pd.isna(row[col.LOWER]) or line[col.LOWER].isna().any():
        return _(
            "{position} of {peers} {peer_words}; no CIs are published, so how sure the rank is cannot be told"
        ).format(**fields)
    others = line[line[col.AREA_CODE] != row[col.AREA_CODE]]
    overlapping = int(((others[col.LOWER] <= row[col.UPPER]) & (others[col.UPPER] >= row[col.LOWER])).sum())
    if overlapping == 0:
        return _("{position} of {peers} {peer_words}, its 95% CI clear of every other's").format(**fields)
    return _(
        "{position} of {peers} {peer_words}, though its 95% CI overlaps those of {overlapping} of the other {others}, "
        "so the rank is uncertain"
    ).format(**fields, overlapping=overlapping, others=len(others))


def key_message(area: Profile) -> str:
    """The area's headline rate and where it stands: the dashboard's subject first, then the newest period."""
    newest = subject_first(area.own).iloc[0]
    fields = {"indicator": indicator_label(newest[col.INDICATOR]), "area": area.name,
              "period": period_label(newest[col.PERIOD]), "value": decimal(newest[col.VALUE])}  # fmt: skip
    with_ci = not pd.isna(newest[col.LOWER])
    if area.level == "country":
        if not with_ci:
            text = _("{indicator} in {area}, {period}: {value} per 100,000 (age-standardised).").format(**fields)
        else:
            text = _(
                "{indicator} in {area}, {period}: {value} per 100,000 (age-standardised; 95% CI {lower} to {upper})."
            ).format(**fields, lower=decimal(newest[col.LOWER]), upper=decimal(newest[col.UPPER]))
        return synthetic_prefix(newest[col.ORIGIN]) + text
    if with_ci:
        text = _(
            "{indicator} in {area}, {period}: {value} per 100,000 (age-standardised; 95% CI {lower} to {upper}), "
            "{standing}."
        ).format(**fields, lower=decimal(newest[col.LOWER]), upper=decimal(newest[col.UPPER]),
                 standing=standing(area, newest))  # fmt: skip
    else:
        text = _("{indicator} in {area}, {period}: {value} per 100,000 (age-standardised), {standing}.").format(
            **fields, standing=standing(area, newest)
        )
    return synthetic_prefix(newest[col.ORIGIN]) + text


def no_rates_message(area: Profile) -> str:
    if area.level == "lhb":
        return _(
            "No rates are held for {area} as a whole. ONS publishes avoidable mortality by local authority, and its "
            "2014 health-board table predates the 2019 boundary change (Bridgend moved from Abertawe Bro Morgannwg to "
            "Cwm Taf), so boards whose area changed have no published figure. Its local authorities are shown below; "
            "board rates appear once death records are loaded."
        ).format(area=area.name)
    return _("No rates are held for {area}.").format(area=area.name)


def members_message(members: Profile, count: int) -> str:
    """The board's local authorities on the subject line: highest and lowest, with their CIs where
    published (no ranks: see `standing`)."""
    line = subject_first(members.own)
    line = line[line[ROW] == line.iloc[0][ROW]].sort_values(col.VALUE)
    low, high = line.iloc[0], line.iloc[-1]
    fields = {"indicator": indicator_label(high[col.INDICATOR]), "period": period_label(high[col.PERIOD]),
              "count": count, "board": members.name, "high_name": high[col.AREA_NAME], "high": decimal(high[col.VALUE]),
              "low_name": low[col.AREA_NAME], "low": decimal(low[col.VALUE])}  # fmt: skip
    if len(line) == 1:
        text = _("{indicator}, {period}: {board} has one local authority, {high_name}: {high} per 100,000.").format(
            **fields
        )
    elif line[col.LOWER].isna().any():
        text = _(
            "{indicator}, {period}: of the {count} local authorities in {board}, {high_name} has the highest rate "
            "({high} per 100,000) and {low_name} the lowest ({low}); no CIs are published, so the difference is not "
            "tested. No rate for the board is made from theirs."
        ).format(**fields)
    else:
        text = _(
            "{indicator}, {period}: of the {count} local authorities in {board}, {high_name} has the highest rate "
            "({high} per 100,000; 95% CI {high_lower} to {high_upper}) and {low_name} the lowest ({low}; {low_lower} "
            "to {low_upper}). No rate for the board is made from theirs."
        ).format(**fields, high_lower=decimal(high[col.LOWER]), high_upper=decimal(high[col.UPPER]),
                 low_lower=decimal(low[col.LOWER]), low_upper=decimal(low[col.UPPER]))  # fmt: skip
    return synthetic_prefix(high[col.ORIGIN]) + text
