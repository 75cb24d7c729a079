"""
Refreshing the stored analysis of the questions a large import changes, as it goes.

The analysis reads no database (claims.answers.analysed), so a second process runs it
on the answers read here, inside the import's transaction, while this process reads
and writes the next rows: on two cores a large import's refresh costs little more than
reading the answers.
"""

from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context

import django

from dossier.publication import PUBLISHED
from pages.changes import changed

from .answers import StoredAnalysis, analysed
from .bulk import update_rows
from .models import REFRESH_BATCH, Claim, Question, Verdict


class Refresh:
    """The questions whose claims an import writes, re-analysed batch by batch.

    Tell it which questions each batch of rows touched (`touched`); `finish()`, once
    every row is written, stores the analyses. A question is sent for analysis once a
    batch passes without touching it (its claims are likely all written by then) and
    again if a later batch touches it anew: only its last analysis is stored.
    """

    def __init__(self):
        self.pending: list[Future | dict] = []  # analyses, in the order they were asked for
        self.waiting: set[int] = set()  # touched, not yet sent for analysis
        self.touched_ever: set[int] = set()
        self.worker: ProcessPoolExecutor | None = None

    def touched(self, question_ids: set[int]):
        """A batch was written: analyse the questions the batch before it touched and it
        did not, in the second process."""
        done = self.waiting - question_ids
        if done:
            if self.worker is None:
                # Spawned, not forked: the worker shares no connection with this process.
                context = get_context("spawn")
                self.worker = ProcessPoolExecutor(1, context, initializer=django.setup)
            self.analyse(done, self.worker)
        self.waiting = (self.waiting - done) | question_ids
        self.touched_ever |= question_ids

    def finish(self) -> int:
        """Analyse what is left (in the second process, if there is one, while the
        analyses done so far are stored here), store every analysis, and return how
        many questions were refreshed."""
        last, done = self.waiting, len(self.pending)
        self.analyse(last, self.worker)
        try:
            earlier = results(self.pending[:done])
            store({pk: stored for pk, stored in earlier.items() if pk not in last})
            store(results(self.pending[done:]))
        finally:
            self.close()
        changed(questions=self.touched_ever)
        return len(self.touched_ever)

    def close(self):
        if self.worker is not None:
            self.worker.shutdown(cancel_futures=True)
            self.worker = None

    def analyse(self, question_ids: set[int], worker: ProcessPoolExecutor | None = None):
        ids = sorted(question_ids)
        for start in range(0, len(ids), REFRESH_BATCH):
            batch = ids[start : start + REFRESH_BATCH]
            questions = list(
                Question.objects.filter(pk__any=batch).order_by().values_list("pk", "value_type")
            )
            rows = Claim.objects.filter(question__any=batch).voiced().answer_rows()
            self.pending.append(
                worker.submit(analysed, questions, *rows) if worker else analysed(questions, *rows)
            )


def results(pending: list[Future | dict]) -> dict:
    """The analyses asked for, by question; a question analysed twice, its last."""
    analyses = {}
    for batch in pending:
        analyses.update(batch.result() if isinstance(batch, Future) else batch)
    return analyses


def store(analyses: dict[int, StoredAnalysis]):
    """Write the analyses into their questions, which are not read: only their verdicts
    (few have one)."""
    if not analyses:
        return
    ids = sorted(analyses)
    verdicts = dict(
        Verdict.objects.filter(question__any=ids, status=PUBLISHED).values_list(
            "question_id", "agreement"
        )
    )
    for start in range(0, len(ids), REFRESH_BATCH):
        batch = [
            Question(pk=pk, **analyses[pk].fields(verdicts.get(pk)))
            for pk in ids[start : start + REFRESH_BATCH]
        ]
        update_rows(Question, batch, Question.ANALYSIS_FIELDS)
