"""
Time the editors' admin at scale: the change pages of the question and the source with
the most claims, and of a claim; each rendered (median and p95 ms, queries, size) and
saved unchanged (ms, status).

usage: DATABASE_URL=postgres://… .venv/bin/python bench/admin_pages.py [--generate N]

With --generate N, first fills the (empty) database with `generate_dossier --claims N`.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from claims.models import Claim, Question  # noqa: E402
from sources.models import Source  # noqa: E402

ROUNDS = 20


def opened_form(response) -> dict:
    """The change form's data as the browser would post it back."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        data |= {bf.html_name: bf.value() for bf in inline.formset.management_form}
        forms += inline.formset.forms
    for form in forms:
        for bound in form:
            value = bound.value()
            if value not in (None, False):
                data[bound.html_name] = "on" if value is True else value
    return data


def render(client, url) -> dict:
    client.get(url)  # warm
    timings = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    timings.sort()
    return {
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
        "queries": len(queries),
        "kb": round(len(response.content) / 1024),
        "status": response.status_code,
    }


def save(client, url) -> dict:
    data = opened_form(client.get(url))
    started = time.perf_counter()
    response = client.post(url, data)
    return {
        "save_ms": round((time.perf_counter() - started) * 1000, 1),
        "save_status": response.status_code,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--generate", type=int, metavar="N", help="generate N claims first")
    args = parser.parse_args()
    if args.generate:
        call_command("generate_dossier", claims=args.generate)
    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)

    question = Question.objects.annotate(n=Count("claims")).order_by("-n").first()
    source = Source.objects.annotate(n=Count("claims")).order_by("-n").first()
    claim = Claim.objects.order_by("pk").first()
    pages = {
        f"question ({question.n} claims)": f"/admin/claims/question/{question.pk}/change/",
        f"source ({source.n} claims)": f"/admin/sources/source/{source.pk}/change/",
        "claim": f"/admin/claims/claim/{claim.pk}/change/",
    }
    print(f"{Claim.objects.count():,} claims, {connection.vendor}")
    results = {name: render(client, url) for name, url in pages.items()}
    setup_test_environment()  # the saves read the forms from the responses' context
    for name, url in pages.items():
        results[name] |= save(client, url)
    for name, figures in results.items():
        print(f"{name:28} " + "  ".join(f"{key} {value}" for key, value in figures.items()))


if __name__ == "__main__":
    main()
