"""Map-ready geometry: simplified as a coverage (neighbours keep shared edges, so no gaps or
overlaps appear), clockwise outer rings (plotly's geo choropleth paints the inverse of a
counter-clockwise ring), coordinates on a 1 m grid, written as compact GeoJSON."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import orjson
import pandas as pd
import shapely

from dashboard.model import columns as col

# Visvalingam-Whyatt tolerance in degrees, per geography; chosen so LSOA maps stay under
# 300 KB gzipped while boundaries stay recognisable at health-board zoom.
SIMPLIFY_TOLERANCE = {"lsoa11": 0.0005, "lsoa21": 0.0005, "la": 0.0005, "lhb": 0.001}
GRID_DEGREES = 1e-5  # about 1 m
# Snapping to the grid can make neighbours overlap by slivers; about 110 m² in all over Wales's
# 20,786 km² was measured. More than this share of the total area is refused.
OVERLAP_TOLERANCE = 1e-7
BRITISH_NATIONAL_GRID = 27700  # metres, for distances between centroids


@dataclass(frozen=True)
class MapGeometryReport:
    vertices_before: int
    vertices_after: int
    overlap_area_before: float
    overlap_area_after: float
    total_area: float

    @property
    def added_overlap_share(self) -> float:
        return (self.overlap_area_after - self.overlap_area_before) / self.total_area


def total_overlap_area(geometries: np.ndarray) -> float:
    """Sum of areas where two polygons overlap (square degrees): zero for a clean coverage."""
    geometries = shapely.set_precision(geometries, 0)  # measure as a browser would: no snapping grid
    tree = shapely.STRtree(geometries)
    left, right = tree.query(geometries, predicate="intersects")
    pairs = left < right
    return float(shapely.area(shapely.intersection(geometries[left[pairs]], geometries[right[pairs]])).sum())


def simplify_for_map(frame: gpd.GeoDataFrame, level: str) -> tuple[gpd.GeoDataFrame, MapGeometryReport]:
    geometries = frame.geometry.values
    simplified = shapely.coverage_simplify(geometries, SIMPLIFY_TOLERANCE[level])
    simplified = shapely.set_precision(simplified, GRID_DEGREES)
    simplified = shapely.orient_polygons(simplified, exterior_cw=True)
    report = MapGeometryReport(
        vertices_before=int(shapely.get_num_coordinates(geometries).sum()),
        vertices_after=int(shapely.get_num_coordinates(simplified).sum()),
        overlap_area_before=total_overlap_area(np.asarray(geometries)),
        overlap_area_after=total_overlap_area(np.asarray(simplified)),
        total_area=float(shapely.area(geometries).sum()),
    )
    result = frame.copy()
    result[col.GEOMETRY] = gpd.GeoSeries(simplified, crs=frame.crs, index=frame.index)
    return result, report


def exteriors_clockwise(geometries: np.ndarray) -> bool:
    """True when every polygon's outer ring runs clockwise."""
    parts = shapely.get_parts(geometries)
    return not bool(shapely.is_ccw(shapely.get_exterior_ring(parts)).any())


def to_geojson_bytes(frame: gpd.GeoDataFrame) -> bytes:
    """A FeatureCollection whose features carry `id` = area code and code/name properties."""
    features = [
        {
            "type": "Feature",
            "id": code,
            "properties": {"code": code, "name": name},
            "geometry": orjson.Fragment(shapely.to_geojson(geometry).encode()),
        }
        for code, name, geometry in zip(frame[col.AREA_CODE], frame[col.AREA_NAME], frame.geometry.values, strict=True)
    ]
    return orjson.dumps({"type": "FeatureCollection", "features": features})


NEIGHBOUR_LINKS = ("boundary", "nearest")  # how two areas are neighbours: they share a boundary, or an island's nearest


def neighbour_pairs(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    """Each area's neighbours, both ways round: areas whose boundaries touch or meet (queen
    contiguity, the boundaries as published); an area touching none (an island) is joined to the
    area with the nearest centroid, so a spatial smoother has a neighbourhood for every area."""
    areas = frame[[col.AREA_CODE, "geometry"]].reset_index(drop=True)
    joined = gpd.sjoin(areas, areas, predicate="intersects")
    joined = joined[joined[f"{col.AREA_CODE}_left"] != joined[f"{col.AREA_CODE}_right"]]
    left, right = joined[f"{col.AREA_CODE}_left"].to_numpy(), joined[f"{col.AREA_CODE}_right"].to_numpy()
    pairs = pd.DataFrame({col.AREA_CODE: left, col.NEIGHBOUR_CODE: right, col.LINK: "boundary"})
    alone = areas[~areas[col.AREA_CODE].isin(pairs[col.AREA_CODE])]
    if len(alone):
        centroids = areas.to_crs(BRITISH_NATIONAL_GRID).geometry.centroid.to_numpy()
        points = shapely.get_coordinates(centroids)
        found = []
        for position in alone.index:
            distance = np.hypot(*(points - points[position]).T)
            distance[position] = np.inf
            nearest = areas[col.AREA_CODE].iloc[int(np.argmin(distance))]
            code = areas[col.AREA_CODE].iloc[position]
            found += [(code, nearest), (nearest, code)]
        islands = pd.DataFrame(found, columns=[col.AREA_CODE, col.NEIGHBOUR_CODE]).assign(**{col.LINK: "nearest"})
        pairs = pd.concat([pairs, islands], ignore_index=True)
    pairs = pairs.drop_duplicates([col.AREA_CODE, col.NEIGHBOUR_CODE])
    return pairs.sort_values([col.AREA_CODE, col.NEIGHBOUR_CODE], ignore_index=True)
