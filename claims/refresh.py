"""
Refreshing the stored analysis of the questions a large import changes, as it goes.

The analysis reads no database (claims.models.analysed), so a second process runs it
on the answers read here, inside the import's transaction, while this process reads
and writes the next rows: on two cores a large import's refresh costs little more than
reading the answers.
"""

from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context

import django

from . import cache as comparison_cache
from .bulk import update_rows
from .models import REFRESH_BATCH, Claim, Question, analysed


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
        """Analyse what is left here, store every analysis, and return how many
        questions were refreshed."""
        self.analyse(self.waiting)
        stored = {}
        try:
            for analyses in self.pending:
                stored.update(analyses.result() if isinstance(analyses, Future) else analyses)
        finally:
            self.close()
        ids = sorted(self.touched_ever)
        for start in range(0, len(ids), REFRESH_BATCH):
            batch = list(
                Question.objects.filter(pk__any=ids[start : start + REFRESH_BATCH])
                .select_related("verdict")
                .only("verdict__agreement")
                .order_by()
            )
            for question in batch:
                question.store_analysis(stored[question.pk])
            update_rows(Question, batch, Question.ANALYSIS_FIELDS)
        comparison_cache.bump(ids)
        return len(ids)

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
            rows = Claim.objects.filter(question__any=batch).answer_rows()
            self.pending.append(
                worker.submit(analysed, questions, *rows) if worker else analysed(questions, *rows)
            )
