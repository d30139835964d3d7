"""Series arithmetic, exact (fractions): the least-squares line, projections clipped to their range, the year a
requirement is reached, and each year's exact value. The renderers import these and never recompute."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import ceil

from .models import Status, TrendTarget, TrendValue

# --- series arithmetic (exact) -----------------------------------------------------------------------

@dataclass(frozen=True)
class Fit:
    """The least-squares line through (year, value) points: value(x) = mean_y + slope × (x − mean_x)."""

    mean_x: Fraction
    mean_y: Fraction
    slope: Fraction

    def at(self, year: int) -> Fraction:
        return self.mean_y + self.slope * (year - self.mean_x)


def fit(points: list[tuple[int, Fraction]]) -> Fit | None:
    """None with fewer than two distinct years (no slope)."""
    if len({x for x, _ in points}) < 2:
        return None
    n = len(points)
    mx = Fraction(sum(x for x, _ in points), n)
    my = sum((y for _, y in points), Fraction(0)) / n
    sxx = sum(((x - mx) ** 2 for x, _ in points), Fraction(0))
    sxy = sum(((x - mx) * (y - my) for x, y in points), Fraction(0))
    return Fit(mx, my, sxy / sxx)


def clip(v: Fraction, lo: Fraction, hi: Fraction) -> Fraction:
    return max(lo, min(hi, v))


@dataclass(frozen=True)
class GoalResult:
    projected: Fraction | None
    reached_in: int | None
    status: Status
    years_below: list[int]


def judge(points: list[tuple[int, Fraction]], required: Fraction, goal_year: int, line: Fit | None,
          hi: Fraction = Fraction(1)) -> GoalResult:
    """One goal of one series; points are (year, exact value), in year order."""
    if not points:
        return GoalResult(None, None, "no_data", [])
    below = [y for y, v in points if v < required]
    projected = clip(line.at(goal_year), Fraction(0), hi) if line is not None else None
    latest_year, latest = points[-1]
    if latest >= required:
        run = latest_year
        for y, v in reversed(points):
            if v < required:
                break
            run = y
        return GoalResult(projected, run, "met", below)
    reached = None
    if line is not None and line.slope > 0:
        crossing = line.mean_x + (required - line.mean_y) / line.slope
        reached = max(latest_year + 1, ceil(crossing))
    on_track = (line is not None and line.slope > 0 and goal_year > latest_year and projected is not None
                and projected >= required)
    return GoalResult(projected, reached, "on_track" if on_track else "off_track", below)




def exact_of(t: TrendTarget, v: TrendValue) -> Fraction | None:
    """The exact value of one year, from numerator/denominator where the value is a share."""
    if v.value is None or isinstance(v.value, bool):
        return None
    if t.kind in ("rate", "share_at_level") and v.numerator is not None and v.denominator:
        return Fraction(v.numerator, v.denominator)
    return Fraction(v.value).limit_denominator(10**9) if isinstance(v.value, float) else Fraction(v.value)


def points(t: TrendTarget) -> list[tuple[int, Fraction]]:
    """(year, exact value) of every year with a value, in year order."""
    return [(v.year, x) for v in t.values if (x := exact_of(t, v)) is not None]


def line_of(t: TrendTarget) -> Fit | None:
    """The fitted line of a target's series (the one its slope_per_year and projections come from)."""
    return fit(points(t))
