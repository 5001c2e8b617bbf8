"""Bins fixed from the reference: a fine equal-width grid and the exact deciles, both found from counts.

Exact deciles without holding a column: a first pass counts values on a fine grid of COARSE_CELLS equal-width
cells over the reference's [min, max]; the cells holding the decile ranks are then known, and a second pass
collects only the values inside those (at most nine) cells, which pins each decile to the exact order
statistic. `column_bins` runs both passes over one column in one task (two reads of that column, batch by
batch), so no list of cell values travels between workers. The decile is numpy's "inverted_cdf" one: the
smallest value x with F(x) >= j/10, i.e. the order statistic of rank ceil(j*n/10). Bins are (-inf, e1],
(e1, e2], ..., (e_k, +inf) over the distinct edges, plus one bin for missing values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

COARSE_CELLS = 2048


def grid_index(values: np.ndarray, lo: float, hi: float, cells: int = COARSE_CELLS) -> np.ndarray:
    """Cell of each (non-missing) value: 0 below lo, 1..cells inside [lo, hi], cells + 1 above hi."""
    width = (hi - lo) / cells if hi > lo else 1.0
    with np.errstate(invalid="ignore"):  # infinities cast to any integer: overwritten just below
        index = np.floor((values - lo) / width).astype(np.int64) + 1
    np.clip(index, 1, cells, out=index)
    index[values < lo] = 0
    index[values > hi] = cells + 1
    return index


def grid_counts(values: np.ndarray, lo: float, hi: float, cells: int = COARSE_CELLS) -> np.ndarray:
    return np.bincount(grid_index(values, lo, hi, cells), minlength=cells + 2)


def decile_ranks(n: int) -> list[int]:
    """1-based ranks of the nine deciles of n values (integer arithmetic: ceil(j * n / 10))."""
    return [-(-j * n // 10) for j in range(1, 10)] if n else []


def target_cells(counts: Sequence[int], ranks: Sequence[int]) -> list[tuple[int, int]]:
    """For each rank: (cell holding it, rank within that cell, 1-based)."""
    cumulative = np.cumsum(np.asarray(counts, dtype=np.int64))
    out = []
    for rank in ranks:
        cell = int(np.searchsorted(cumulative, rank, side="left"))
        before = int(cumulative[cell - 1]) if cell else 0
        out.append((cell, rank - before))
    return out


def deciles_from_cells(targets: list[tuple[int, int]], cell_values: dict[int, np.ndarray]) -> list[float]:
    """The exact decile values, given every value of the target cells (any order)."""
    ordered = {cell: np.sort(np.asarray(values, dtype=float)) for cell, values in cell_values.items()}
    return [float(ordered[cell][within - 1]) for cell, within in targets]


def bin_index(values: np.ndarray, edges: Sequence[float]) -> np.ndarray:
    """Bin of each value for bins (-inf, e1], (e1, e2], ..., (e_k, +inf)."""
    return np.searchsorted(np.asarray(edges, dtype=float), values, side="left")


def bin_counts(values: np.ndarray, edges: Sequence[float]) -> np.ndarray:
    return np.bincount(bin_index(values, edges), minlength=len(edges) + 1)


def bin_counts_on_grid(
    values: np.ndarray, index: np.ndarray, counts: np.ndarray, edges: Sequence[float], lo: float, hi: float
) -> list[int]:
    """`bin_counts(values, edges)` from the values' grid cells (`index`, `counts`), already known to a slice.

    The grid cell is monotone in the value, so only the values sharing a cell with an edge need comparing:
    the same counts, without a search of every value among the edges.
    """
    cells = {int(c) for c in grid_index(np.asarray(edges, dtype=float), lo, hi, len(counts) - 2)}
    cell_values = {cell: values[index == cell] for cell in cells}
    return reference_bin_counts(edges=edges, counts=counts, cell_values=cell_values, lo=lo, hi=hi)


def reference_bin_counts(
    *, edges: Sequence[float], counts: Sequence[int], cell_values: dict[int, np.ndarray], lo: float, hi: float
) -> list[int]:
    """The reference's counts per decile bin, from its grid counts and the values of the target cells.

    Each edge is a value inside a target cell, so #(x <= edge) = the counts of the cells before it plus the
    values of its own cell that are <= edge.
    """
    cumulative = np.concatenate([[0], np.cumsum(np.asarray(counts, dtype=np.int64))])
    at_or_below = []
    for edge in edges:
        cell = int(grid_index(np.array([edge]), lo, hi, len(counts) - 2)[0])
        values = np.asarray(cell_values[cell], dtype=float)
        at_or_below.append(int(cumulative[cell]) + int(np.count_nonzero(values <= edge)))
    total = int(cumulative[-1])
    bounds = [0, *at_or_below, total]
    return [bounds[i + 1] - bounds[i] for i in range(len(bounds) - 1)]


def column_bins(batches: Callable[[], Iterable[np.ndarray]], lo: float, hi: float) -> dict[str, Any]:
    """One numeric column's profile entry: grid counts, missing count, exact deciles and decile-bin counts.

    `batches()` yields the column's values (float, NaN for missing) and is called twice: once for the grid
    counts, once for the values inside the cells holding a decile rank.
    """
    counts = np.zeros(COARSE_CELLS + 2, dtype=np.int64)
    missing = 0
    for values in batches():
        absent = np.isnan(values)
        missing += int(absent.sum())
        counts += grid_counts(values[~absent], lo, hi)
    entry: dict[str, Any] = {"grid": [lo, hi], "grid_counts": counts.tolist(), "missing": missing}
    present = int(counts.sum())
    if not present:
        return entry | {"edges": [], "bin_counts": [0]}
    targets = target_cells(counts, decile_ranks(present))
    cells = sorted({cell for cell, _ in targets})
    found: dict[int, list[np.ndarray]] = {cell: [] for cell in cells}
    for values in batches():
        values = values[~np.isnan(values)]
        index = grid_index(values, lo, hi)
        wanted = np.isin(index, cells)
        values, index = values[wanted], index[wanted]
        for cell in cells:
            found[cell].append(values[index == cell])
    cell_values = {cell: np.concatenate(parts) for cell, parts in found.items()}
    edges = sorted(set(deciles_from_cells(targets, cell_values)))
    bins = reference_bin_counts(edges=edges, counts=counts, cell_values=cell_values, lo=lo, hi=hi)
    return entry | {"edges": edges, "bin_counts": bins}
