"""Imports tell the truth: files read as spreadsheets save them, or refused in plain words."""

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from claims import refresh
from claims.management.commands import import_claims as import_command
from claims.models import Claim, Question, Verdict
from tests.publishing import publish_all
from tests.test_import import (
    QUOTE_164,
    QUOTE_225,
    csv_text,
    death_toll_row,
    import_claims,
    invalid_rows,
    officials_row,
)

pytestmark = pytest.mark.django_db

HEADER = "question_slug;source;actor;stated_value;value;bound;quote"
ROW_164 = (
    f"unrest-death-toll;Unruhen in Kasachstan;Government of Kazakhstan;164;164;exact;{QUOTE_164}"
)


@pytest.fixture
def world(death_toll, report_164, report_225, government, officials):
    """Everything the death-toll claims name, without the claims."""


def upload(client, data: bytes, name="claims.csv"):
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(
        "/admin/claims/claim/import/", {"resource": "0", "format": "0", "import_file": file}
    )


def confirm(client, preview, **changes):
    data = preview.context["confirm_form"].initial | changes
    return client.post("/admin/claims/claim/process_import/", data, follow=True)


def messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def file_errors(response) -> list[str]:
    return response.context["form"].errors.get("import_file", [])


@pytest.mark.parametrize(
    "data",
    [
        (HEADER + "\n" + ROW_164 + "\n").encode("cp1252"),  # German Excel: ; and Windows-1252
        (HEADER + "\r\n" + ROW_164 + "\r\n").encode("utf-8-sig"),  # with BOM, CRLF
        (HEADER + "\n" + ROW_164 + "\n").replace(";", "\t").encode(),  # tab-separated
        csv_text([death_toll_row()]).encode(),  # comma, UTF-8
    ],
    ids=["semicolon-cp1252", "semicolon-utf8-bom", "tab", "comma"],
)
def test_spreadsheet_files_are_read_in_their_separator_and_encoding(editor_client, world, data):
    preview = upload(editor_client, data)
    assert file_errors(preview) == []
    assert preview.content.decode().count('<tr class="new">') == 1
    response = confirm(editor_client, preview)
    assert messages(response) == [
        "Import finished: 1 new, 0 updated, 0 deleted and 0 skipped claims."
    ]
    assert Claim.objects.get().quote == QUOTE_164


def test_windows_1252_umlauts_arrive_intact(editor_client, world, report_164):
    report_164.text += " Die Lage in Schangaösen blieb angespannt."
    report_164.save()
    row = ROW_164.replace(QUOTE_164, "Die Lage in Schangaösen blieb angespannt.")
    preview = upload(editor_client, (HEADER + "\n" + row + "\n").encode("cp1252"))
    confirm(editor_client, preview)
    assert Claim.objects.get().quote == "Die Lage in Schangaösen blieb angespannt."


@pytest.mark.parametrize(
    "data, message",
    [
        (
            b"question_slug,source,source,stated_value\nx,a,b,1\n",
            "The column “source” appears twice in the first line.",
        ),
        (
            (HEADER + "\n" + ROW_164.replace("164 Menschen", "164\x00 Menschen")).encode(),
            "Line 2 holds a control character (U+0000), which no text may contain.",
        ),
        (
            (HEADER + "\n" + ROW_164.replace("164 Menschen", "164\x1b Menschen")).encode(),
            "Line 2 holds a control character (U+001B)",
        ),
        ("stated_value\n164\n".encode("utf-16"), "The file is UTF-16."),
        (b"just one column and no separator\n", "The first line has no commas, semicolons"),
        ((HEADER + "\n" + ROW_164 + ";extra\n").encode(), "Row 1 has 8 cells; the first line"),
        (b'a,b\n"open quote,2\n', "Line 2 cannot be read as CSV"),
        (b"", "The submitted file is empty."),
    ],
    ids=["duplicate", "nul", "escape", "utf-16", "no-separator", "cells", "quoting", "empty"],
)
def test_a_file_that_cannot_be_read_is_refused_in_the_editors_words(
    editor_client, world, data, message
):
    response = upload(editor_client, data)
    errors = file_errors(response)
    assert any(message in error for error in errors), errors
    page = response.content.decode()
    assert "Traceback" not in page and "Error encountered" not in page
    assert not Claim.objects.exists()


def test_a_file_over_the_row_limit_is_sent_to_the_command(editor_client, world, settings):
    settings.IMPORT_MAX_ROWS = 2
    rows = [death_toll_row(stated_value=f"etwa {n}", value=str(n)) for n in (160, 161, 162)]
    response = upload(editor_client, csv_text(rows).encode())
    assert file_errors(response) == [
        "The file has more than 2 rows, the most the admin imports at a time. Split it, or "
        "import it with: python manage.py import_claims FILE"
    ]


def test_a_file_over_the_size_limit_is_refused_before_it_is_stored(
    editor_client, world, settings, tmp_path
):
    settings.IMPORT_MAX_BYTES = 100
    settings.MEDIA_ROOT = str(tmp_path)
    response = upload(editor_client, csv_text([death_toll_row()]).encode())
    assert any("the admin imports files of up to" in error for error in file_errors(response))
    assert not (tmp_path / "imports").exists()


def test_the_previewed_file_waits_in_the_store_under_a_generated_name(
    editor_client, world, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    preview = upload(editor_client, csv_text([death_toll_row()]).encode())
    name = preview.context["confirm_form"].initial["import_file_name"]
    assert re.fullmatch(r"[0-9a-f]{32}", name)
    assert (tmp_path / "imports" / name).exists()
    confirm(editor_client, preview)
    assert not (tmp_path / "imports" / name).exists()  # removed once imported


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "0" * 31, ""])
def test_a_confirmation_cannot_name_another_file(editor_client, world, name):
    preview = upload(editor_client, csv_text([death_toll_row()]).encode())
    response = confirm(editor_client, preview, import_file_name=name)
    assert messages(response) == [
        "Nothing was imported: this preview has expired or was already imported. "
        "Upload the file again."
    ]
    assert not Claim.objects.exists()


def test_confirming_twice_writes_once(editor_client, world):
    preview = upload(editor_client, csv_text([death_toll_row()]).encode())
    confirm(editor_client, preview)
    response = confirm(editor_client, preview)
    assert "Nothing was imported: this preview has expired" in messages(response)[0]
    assert Claim.objects.count() == 1


def test_a_confirmation_that_rolls_back_says_nothing_was_written_and_why(
    editor_client, world, report_225
):
    rows = [death_toll_row(), death_toll_row(source=report_225.title, quote=QUOTE_225)]
    rows[1] |= {"stated_value": "mindestens 225", "value": "225", "bound": "at_least"}
    preview = upload(editor_client, csv_text(rows).encode())
    assert "Confirm import" in preview.content.decode()
    # Between the preview and the confirmation, another editor changes the source's text.
    report_225.text = "Der Text wurde ersetzt."
    report_225.save()

    response = confirm(editor_client, preview)
    [message] = messages(response)
    assert message.startswith("Nothing was imported: row 2: quote: This quote is not in the text")
    assert "Import finished" not in response.content.decode()
    assert not Claim.objects.exists()


def test_no_traceback_reaches_an_editor_with_debug_off(editor_client, world, settings):
    settings.DEBUG = False
    response = upload(editor_client, b'question_slug,source\n"x,y\n')
    page = response.content.decode()
    assert response.status_code == 200
    assert "Line 2 cannot be read as CSV" in page
    assert "Traceback" not in page and ".py" not in page


def test_a_changed_value_re_derives_the_bounds_as_the_form_does(client, claim_164):
    exported = b"".join(client.get("/export/claims.csv").streaming_content).decode()
    [row] = csv.DictReader(io.StringIO(exported))
    assert (row["value"], row["value_min"], row["value_max"]) == ("164", "164", "164")
    # The export's row with the value changed, its old bounds left beside it.
    refused = import_claims(csv_text([row | {"value": "165"}]))
    assert invalid_rows(refused) == {
        1: {
            "value": [
                "The value 165 is not the figure in the stated wording “164”. Correct it, "
                "or write yes in the column confirm_figure."
            ]
        }
    }
    result = import_claims(csv_text([row | {"value": "165", "confirm_figure": "yes"}]))
    assert not result.has_validation_errors(), invalid_rows(result)
    claim_164.refresh_from_db()
    assert (claim_164.value, claim_164.value_min, claim_164.value_max) == (165, 165, 165)
    assert claim_164.version == 2


def test_bounds_that_contradict_a_new_figure_are_still_refused(claim_164):
    row = death_toll_row(value="170", stated_value="etwa 170", bound="approximate")
    result = import_claims(csv_text([row | {"value_min": "150", "value_max": "190"}]))
    assert "does not follow from" in invalid_rows(result)[1]["value_min"][0]


# manage.py import_claims


def run_import(path) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_claims", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_claims_writes_every_row_and_refreshes_the_analysis(tmp_path, world, death_toll):
    rows = [death_toll_row(), officials_row()]
    path = tmp_path / "claims.csv"
    path.write_text(csv_text(rows).replace(",", ";"), encoding="cp1252")
    out, _err = run_import(path)
    assert "Imported 2 rows" in out and "2 new, 0 updated, 0 unchanged" in out
    assert Claim.objects.get(stated_value="mindestens 225").history.get().history_type == "+"
    # New claims are drafts: no voice in the analysis readers see until a reviewer publishes.
    assert set(Claim.objects.values_list("status", flat=True)) == {"draft"}
    death_toll.refresh_from_db()
    assert (death_toll.source_count, death_toll.agreement) == (0, "unanswered")
    publish_all(Claim.objects.all())
    death_toll.refresh_from_db()
    assert (death_toll.source_count, death_toll.agreement) == (2, "over_time")

    out, _err = run_import(path)  # the same file again changes nothing
    assert "0 new, 0 updated, 2 unchanged" in out
    assert Claim.objects.count() == 2


def test_import_claims_updates_and_bumps_the_version(tmp_path, claim_164):
    path = tmp_path / "claims.csv"
    path.write_text(csv_text([death_toll_row(as_of="2022-01-06")]))
    out, _err = run_import(path)
    assert "0 new, 1 updated" in out
    claim_164.refresh_from_db()
    assert (str(claim_164.as_of), claim_164.version) == ("2022-01-06", 2)


def test_import_claims_writes_nothing_unless_every_row_is_valid(tmp_path, world):
    rows = [death_toll_row(stated_value=f"etwa {n}", value=str(n)) for n in range(100, 2600)]
    rows[2450] |= {"value": "viele"}
    rows[2451] |= {"bound": "range", "value": "", "value_min": "3", "value_max": "2"}
    rows[2452] |= {"source": "Unknown paper"}
    path = tmp_path / "claims.csv"
    path.write_text(csv_text(rows))
    with pytest.raises(CommandError) as error:
        run_import(path)
    message = str(error.value)
    assert message.startswith("Nothing was imported.")
    assert "Row 2451: value: Enter a number such as 225 or 2.5, not “viele”." in message
    assert "Row 2452" in message
    assert "Row 2453: source: No source has the title “Unknown paper”." in message
    assert not Claim.objects.exists()  # though the first 2,000 rows had gone to the database


def test_a_row_the_database_refuses_is_named_and_nothing_is_written(tmp_path, world):
    """A check only the database makes (a deprecated claim says why) fails the
    batch's write: the row is named, and no claim nor history record is left."""
    rows = [
        death_toll_row(),
        death_toll_row(stated_value="etwa 164", rank="deprecated"),
    ]
    path = tmp_path / "claims.csv"
    path.write_text(csv_text(rows))
    with pytest.raises(CommandError, match="Row 2") as error:
        run_import(path)
    assert "Row 1" not in str(error.value)
    assert not Claim.objects.exists() and not Claim.history.exists()


def test_import_claims_refuses_repeated_rows(tmp_path, world):
    path = tmp_path / "claims.csv"
    path.write_text(csv_text([death_toll_row(), death_toll_row()]))
    with pytest.raises(CommandError, match="Row 2: It repeats row 1"):
        run_import(path)
    assert not Claim.objects.exists()


def counted_questions(unrest, *slugs) -> list[Question]:
    return [
        Question.objects.create(
            status="published",
            event=unrest,
            slug=slug,
            text_en=slug,
            text_de=slug,
            value_type="count",
        )
        for slug in slugs
    ]


def answer_rows(slug, *figures) -> list[dict[str, str]]:
    """Answers of different voices to one question: the government's 164 and the
    officials' "at least 225" are the two sources' passages; the rest the government's."""
    rows = [death_toll_row(question_slug=slug), officials_row(question_slug=slug)]
    rows += [
        death_toll_row(
            question_slug=slug, stated_value=f"etwa {n}", value=str(n), bound="approximate"
        )
        for n in figures
    ]
    return rows


def stored_analyses() -> dict[str, tuple]:
    return {
        question.slug: tuple(getattr(question, name) for name in Question.ANALYSIS_FIELDS)
        for question in Question.objects.all()
    }


def test_a_large_import_of_new_claims_stores_an_analysis_without_them(
    tmp_path, world, unrest, monkeypatch
):
    """New claims are drafts, and a verdict in draft is not shown: each stored analysis
    is the one a refresh of the whole database gives, that of the published voices."""
    monkeypatch.setattr(import_command, "BATCH", 3)
    workers = []
    monkeypatch.setattr(refresh, "ProcessPoolExecutor", recorded(workers))
    _early, spread_question = counted_questions(unrest, "early", "spread")
    Verdict.objects.create(question=spread_question, agreement="definition", reason="Scopes.")
    path = tmp_path / "claims.csv"
    path.write_text(csv_text([*answer_rows("early"), *answer_rows("spread", 100, 300)]))
    out, _err = run_import(path)

    assert "6 new" in out and "the analysis of 2 questions" in out
    assert len(workers) == 1
    assert set(Claim.objects.values_list("status", flat=True)) == {"draft"}
    stored = stored_analyses()
    assert {analysis[:3] for analysis in stored.values()} == {("unanswered", "unanswered", 0)}
    Question.objects.all().refresh_analysis()
    assert stored_analyses() == stored


def test_a_large_import_is_analysed_as_it_goes_and_stores_the_last_analysis(
    tmp_path, world, unrest, monkeypatch
):
    """Batches of three rows: a question touched by the first and the third batch is
    analysed twice, the second time with every answer; each stored analysis is the one
    a refresh of the whole database gives.

    The answers that count are published ones: the claims were imported deprecated, then
    published, and the import makes them voices."""
    monkeypatch.setattr(import_command, "BATCH", 3)
    workers = []
    monkeypatch.setattr(refresh, "ProcessPoolExecutor", recorded(workers))
    _early, spread_question, _late = counted_questions(unrest, "early", "spread", "late")
    # The editors' verdict is the one shown, over the analysis the import stores.
    Verdict.objects.create(
        status="published", question=spread_question, agreement="definition", reason="Scopes."
    )
    early, spread, toll, late = (
        answer_rows("early"),
        answer_rows("spread", 100, 300),
        answer_rows("unrest-death-toll"),
        answer_rows("late", 5000),
    )
    rows = [
        *[early[0], spread[0], toll[0]],
        *[toll[1], late[0], spread[1]],  # then "early" is analysed with one answer
        *[early[1], spread[2], spread[3]],  # and again with both
        *[late[1], late[2]],
    ]
    path = tmp_path / "claims.csv"
    unchecked = {"rank": "deprecated", "rank_reason": "Not checked yet."}
    path.write_text(csv_text([row | unchecked for row in rows]))
    assert "11 new" in run_import(path)[0]
    publish_all(Claim.objects.all())
    assert {analysis[2] for analysis in stored_analyses().values()} == {0}  # no voice yet
    workers.clear()
    path.write_text(csv_text([row | {"rank": "normal", "rank_reason": ""} for row in rows]))
    out, _err = run_import(path)

    assert "11 updated" in out and "the analysis of 4 questions" in out
    assert len(workers) == 1  # analysed in a second process as the rows were written
    stored = stored_analyses()
    # Analysed first with one answer each, stored with all of them.
    assert stored["early"][:3] == ("over_time", "over_time", 2)
    assert stored["late"][2] == stored["spread"][2] == 2
    assert stored["spread"][:2] == ("definition", "agree")
    Question.objects.all().refresh_analysis()
    assert stored_analyses() == stored


def test_a_large_import_that_fails_later_leaves_nothing_and_no_process(
    tmp_path, world, unrest, monkeypatch
):
    monkeypatch.setattr(import_command, "BATCH", 2)
    workers = []
    monkeypatch.setattr(refresh, "ProcessPoolExecutor", recorded(workers))
    counted_questions(unrest, "first", "second")
    rows = [*answer_rows("first"), *answer_rows("second"), death_toll_row(value="viele")]
    path = tmp_path / "claims.csv"
    path.write_text(csv_text(rows))
    with pytest.raises(CommandError, match="Row 5: value"):
        run_import(path)
    assert len(workers) == 1
    assert not Claim.objects.exists() and not Claim.history.exists()
    assert not workers[0]._processes  # shut down
    assert set(Question.objects.values_list("source_count", flat=True)) == {0}


def recorded(workers: list):
    """The real process pool, remembered when made."""

    class Recorded(refresh.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            workers.append(self)

    return Recorded


def test_import_claims_refuses_an_unreadable_file_in_words(tmp_path, world):
    path = tmp_path / "claims.csv"
    path.write_bytes(b"question_slug,source,source\n")
    with pytest.raises(CommandError, match="The column “source” appears twice"):
        run_import(path)
    with pytest.raises(CommandError, match="Cannot read"):
        run_import(tmp_path / "missing.csv")


def test_import_claims_shows_its_progress_on_stderr(tmp_path, world):
    rows = [death_toll_row(stated_value=f"etwa {n}", value=str(n)) for n in range(100, 1300)]
    path = tmp_path / "claims.csv"
    path.write_text(csv_text(rows))
    out, err = run_import(path)
    assert "1,000 rows read" in err and "1,200 rows read" in err
    assert "1200 new" in out


def test_the_preview_refuses_a_quote_not_in_its_source(editor_client, world):
    response = upload(editor_client, csv_text([death_toll_row(quote="Nicht im Text.")]).encode())
    page = response.content.decode()
    assert "This quote is not in the text of the source “Unruhen in Kasachstan”" in page
    assert "Confirm import" not in page
    assert not Claim.objects.exists()
