"""
Searching many closed intervals at once, each search costing about log n.

The agreement analysis asks, for each of a question's answers, which others it cannot
agree with. Asking every pair costs n²; these trees answer "the next interval that misses
this one" and "the first group this interval meets" in about log n steps each. Plain
values only: no Django, no model.
"""

import math
from bisect import bisect_right
from collections.abc import Iterator


class Extremes:
    """The least (or, with greatest=True, the greatest) of the values kept at positions
    0…size-1, changed one position at a time: a segment tree."""

    def __init__(self, size: int, greatest: bool = False):
        self.size, self.greatest = max(size, 1), greatest
        self.empty = -math.inf if greatest else math.inf
        self.values = [self.empty] * (2 * self.size)

    def put(self, position: int, value) -> None:
        values, greatest = self.values, self.greatest
        position += self.size
        values[position] = value
        position //= 2
        while position:
            left, right = values[2 * position], values[2 * position + 1]
            extreme = (
                (left if left > right else right) if greatest else (left if left < right else right)
            )
            if values[position] == extreme:
                break  # nothing above changes either
            values[position] = extreme
            position //= 2

    def over(self, start: int, stop: int):
        """The extreme of the values at positions start…stop-1."""
        values, greatest, result = self.values, self.greatest, self.empty
        start, stop = start + self.size, stop + self.size
        while start < stop:
            if start & 1:
                value = values[start]
                if (value > result) if greatest else (value < result):
                    result = value
                start += 1
            if stop & 1:
                stop -= 1
                value = values[stop]
                if (value > result) if greatest else (value < result):
                    result = value
            start //= 2
            stop //= 2
        return result


class Spans:
    """Intervals in a fixed order, searched for those that miss a given interval.

    Each node keeps the lowest upper end and the highest lower end below it, so a search
    enters only the parts of the tree that hold an interval it is looking for.
    """

    def __init__(self, spans: list[tuple]):
        size = 1
        while size < len(spans):
            size *= 2
        self.size = size
        self.lowest_high = [math.inf] * (2 * size)
        self.highest_low = [-math.inf] * (2 * size)
        for position, (low, high) in enumerate(spans):
            self.lowest_high[size + position] = high
            self.highest_low[size + position] = low
        lowest_high, highest_low = self.lowest_high, self.highest_low
        for node in range(size - 1, 0, -1):
            left, right = lowest_high[2 * node], lowest_high[2 * node + 1]
            lowest_high[node] = left if left < right else right
            left, right = highest_low[2 * node], highest_low[2 * node + 1]
            highest_low[node] = left if left > right else right

    def missing(self, low, high, start: int = 0, stop: int | None = None) -> Iterator[int]:
        """The positions from start to stop, in order, whose intervals lie wholly below
        low or wholly above high."""
        stop = self.size if stop is None else stop
        lowest_high, highest_low, size = self.lowest_high, self.highest_low, self.size
        pending = [(1, 0, size)]
        while pending:
            node, first, end = pending.pop()
            if end <= start or first >= stop:
                continue
            if not (lowest_high[node] < low or highest_low[node] > high):
                continue
            if node >= size:
                yield first
                continue
            middle = (first + end) // 2
            pending.append((2 * node + 1, middle, end))
            pending.append((2 * node, first, middle))


def merged(spans: list[tuple]) -> tuple[list, list]:
    """The union of closed intervals as disjoint intervals, their lower ends apart."""
    lows: list = []
    highs: list = []
    for low, high in sorted(spans):
        if highs and low <= highs[-1]:
            highs[-1] = max(highs[-1], high)
        else:
            lows.append(low)
            highs.append(high)
    return lows, highs


def meets_union(union: tuple[list, list], low, high) -> bool:
    """Does [low, high] meet any interval of a merged() union?"""
    lows, highs = union
    last = bisect_right(lows, high) - 1  # the last interval that starts at or below high
    return last >= 0 and highs[last] >= low
