"""
Which answers one page of a comparison shows.

A question with many answers is judged on all of them, but its page shows them a page at a
time: its answer groups in order, each group's answers in order, cut into pages. A group
may begin on one page and go on over the next.
"""

import heapq
from dataclasses import dataclass

from django.core.paginator import Page

from .analysis import Analysis, Answer, AnswerGroup, answer_label

ANSWERS_PER_PAGE = 25  # each answer is a row, a card and a line of each chart
# The overview of a large question lists so many of its largest groups, then counts the rest.
GROUPS_LISTED = 30


@dataclass
class ShownGroup:
    """An answer group, with those of its answers that this page shows."""

    number: int
    group: AnswerGroup
    label: str  # the group's answer, as the comparison shows it
    answers: list[Answer]
    page: int = 1  # the page its first answer is on

    @property
    def claims(self) -> list:
        return [answer.claim for answer in self.answers]

    @property
    def sources(self) -> int:
        """The sources of all its answers, on every page."""
        return self.group.sources

    @property
    def size(self) -> int:
        return len(self.group.answers)

    @property
    def continued(self) -> bool:
        """Does the group begin on an earlier page?"""
        return bool(self.answers) and self.answers[0] is not self.group.answers[0]


def in_order(analysis: Analysis) -> list[Answer]:
    """The answers in the order the page shows them: group by group."""
    return [answer for group in analysis.groups for answer in group.answers]


def groups_on(analysis: Analysis, value_type: str, page: Page) -> list[ShownGroup]:
    """The groups page `page` shows (of the answers in_order()), each with its answers there."""
    first, last = page.start_index() - 1, page.end_index()  # the page's answers: [first, last)
    shown, start = [], 0
    for number, group in enumerate(analysis.groups, 1):
        end = start + len(group.answers)
        if end > first and start < last:
            answers = group.answers[max(first - start, 0) : last - start]
            shown.append(ShownGroup(number, group, label(group, value_type), answers))
        if end >= last:
            break
        start = end
    return shown


def overview(analysis: Analysis, value_type: str, per_page: int) -> list[ShownGroup]:
    """The largest groups, most answers first, each with the page it begins on."""
    starts, start = [], 0
    for group in analysis.groups:
        starts.append(start)
        start += len(group.answers)
    numbers = range(len(analysis.groups))
    largest = heapq.nsmallest(
        GROUPS_LISTED, numbers, key=lambda k: (-len(analysis.groups[k].answers), k)
    )
    return [
        ShownGroup(
            k + 1,
            analysis.groups[k],
            label(analysis.groups[k], value_type),
            [],
            starts[k] // per_page + 1,
        )
        for k in largest
    ]


def label(group: AnswerGroup, value_type: str) -> str:
    return answer_label(group.answers[0], value_type)
