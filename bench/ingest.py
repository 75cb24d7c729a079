"""
Bringing a folder in: `manage.py ingest --confirm` timed on web pages, text PDFs and scans.

The files are made here from the demo's German texts (fixtures/kazakhstan-2022.json):
- 50 news pages of about 50 KB, each an article of about 7,000 characters of the texts'
  sentences (picked at random: no two pages share their text) inside a site's
  navigation, header, cookie banner, reading list, reader comments, footer and scripts;
- 10 text PDFs of 20 dense pages (fpdf2), each a walk through the texts' word pairs, so
  that none repeats another (see chained());
- scanned pages (--scanned-pages, 8): text pages rendered to 300 dpi greyscale images by
  pdftoppm and put into PDFs with no text layer, read by OCR.

Each case runs the real command as a subprocess on a fresh database (cloned from one
migrated once), with originals under a temporary MEDIA_ROOT: first with the immediate
task backend (the command reads each file itself), then the web pages and the PDFs again
with TASK_BACKEND=database and one `manage.py db_worker` started beforehand, timed until
the last document is read. Afterwards it checks what was made: a source for every file,
each web page's text holding a sentence of its article and none of the page's navigation,
comments, footer or scripts, each PDF's holding a sentence from its last page, and how
many of the scanned words OCR read back.

The databases are the given one's name with `_ingest` (and `_ingest_template`) after it,
made and dropped by this script; the given database itself is never touched. The figures
go to bench/results/ingest-<date>-<time>.md (or --output), and with --record are
appended, dated, to bench/RESULTS.md.

usage: .venv/bin/python bench/ingest.py [--database-url URL] [--scanned-pages 8]
       [--rounds 3] [--no-worker] [--keep-files DIR] [--output FILE] [--record]
"""

import argparse
import collections
import datetime
import html
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

import database
import output
from run import PYTHON, ROOT, django_env, machine

SEEDS = ROOT / "fixtures" / "kazakhstan-2022.json"
HTML_PAGES = 50
HTML_BYTES = 50_000
ARTICLE_CHARS = 7_000
PDFS = 10
PDF_PAGES = 20
SCANS_PER_PDF = 4
TARGET_SECONDS = 30
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„])")

# What a news site puts around an article: none of it may reach a source's text.
SECTIONS = [
    "Politik", "Wirtschaft", "Ausland", "Meinung", "Kultur", "Wissen", "Sport", "Regional",
    "Digital", "Reise",
]  # fmt: skip
SUBSECTIONS = [
    "Deutschland", "Europa", "Osteuropa", "Zentralasien", "Nahost", "Amerika", "Analyse",
    "Kommentare", "Interviews", "Podcasts",
]  # fmt: skip
COMMENTS = [
    "Endlich schreibt mal jemand, was dort wirklich los ist, danke für den Beitrag!",
    "Ich war letztes Jahr in Almaty und habe davon überhaupt nichts mitbekommen.",
    "Die Redaktion sollte die Quellen besser prüfen, bevor sie so etwas veröffentlicht.",
    "Wer profitiert davon? Diese Frage stellt hier leider niemand.",
    "Sehr einseitig dargestellt, mir fehlt die Sicht der Regierung in Astana.",
    "Interessant wäre ein Vergleich mit den Ereignissen in Belarus vor zwei Jahren.",
    "Warum wird über die Opfer so wenig berichtet? Das ist doch das Wichtigste.",
    "Guter Artikel, aber die Überschrift ist reißerisch und passt nicht zum Inhalt.",
    "Ich verstehe nicht, warum sich die Nachbarländer so zurückhalten.",
    "Die Gaspreise waren nur der Auslöser, die Ursachen liegen viel tiefer.",
    "Bitte mehr Hintergrund zu den Machtverhältnissen im Land, das fehlt hier völlig.",
    "Schon wieder dieselben Experten, die sich seit Jahren irren.",
]
OUTLETS = ["Ostkurier", "Zentralasien-Rundschau", "Steppenzeitung"]
AUTHORS = ["Anna Berger", "Jonas Keller", "Maria Lindner", "Timur Sadykow", "Lea Hofmann"]
# Words from the page around the article, one per part of it; each in none of the texts.
BOILERPLATE = [
    "Startseite",  # navigation
    "Newsletter",  # newsletter box
    "Meistgelesen",  # reading list
    "Cookie-Einstellungen",  # consent banner
    "Impressum",  # footer
    "Datenschutzerklärung",  # footer
    "Leserkommentare",  # comments' heading
    "Mehr zum Thema",  # teasers
    "__INITIAL_STATE__",  # scripts
    "dataLayer",  # scripts
] + COMMENTS
STYLE = (
    ":root{--brand:#0a3d62;--accent:#e55039;--grey:#6c757d}"
    "body{margin:0;font:16px/1.6 Georgia,serif;color:#222}"
    ".site-header{background:var(--brand);color:#fff;padding:.5rem 1rem}"
    ".nav{display:flex;gap:1rem;list-style:none;margin:0;padding:0}"
    ".nav a{color:#fff;text-decoration:none;font:600 14px/1 sans-serif}"
    ".submenu{display:none;position:absolute;background:#fff;box-shadow:0 2px 8px #0003}"
    ".nav li:hover .submenu{display:block}"
    ".article{max-width:42rem;margin:2rem auto}.article h1{font-size:2.2rem;line-height:1.2}"
    ".byline{color:var(--grey);font:14px sans-serif}.teaser{font-weight:600}"
    ".ad-slot{min-height:250px;background:#f4f4f4;margin:2rem 0}"
    ".comments{max-width:42rem;margin:3rem auto;border-top:1px solid #ddd}"
    ".comment{padding:1rem 0;border-bottom:1px solid #eee}.comment .who{font-weight:700}"
    ".site-footer{background:#111;color:#bbb;padding:2rem;font:14px sans-serif}"
    ".site-footer a{color:#ddd}.cookie-banner{position:fixed;bottom:0;left:0;right:0}"
) * 3


def seed_texts() -> list[dict]:
    """The demo's source texts: title and paragraphs of each."""
    rows = json.loads(SEEDS.read_text(encoding="utf-8"))
    texts = []
    for row in rows:
        if row["model"] != "sources.source":
            continue
        fields = row["fields"]
        paragraphs = [
            " ".join(part.split()) for part in re.split(r"\n\s*\n", fields["text"]) if part.strip()
        ]
        texts.append({"title": fields["title"], "paragraphs": paragraphs})
    every = " ".join(" ".join(text["paragraphs"]) for text in texts)
    clash = [word for word in BOILERPLATE if word in every]
    assert not clash, f"the boilerplate's markers are in the texts: {clash}"
    return texts


def normalised(text: str) -> str:
    return " ".join(text.split())


def first_sentence(paragraph: str) -> str:
    """The paragraph's first sentence (at least 40 characters when it has them)."""
    match = re.search(r"^.{40,}?[.!?](?=\s|$)", paragraph)
    return match.group(0) if match else paragraph


def known_sentence(paragraphs: list[str]) -> str:
    """A sentence from the middle of the article, long enough to be its own."""
    middle = [p for p in paragraphs[1:] if len(p) > 120] or paragraphs
    return first_sentence(middle[len(middle) // 2])


# Web pages


def escape(text: str) -> str:
    return html.escape(text)


def navigation(rnd: random.Random) -> str:
    items = []
    for section in SECTIONS:
        links = "".join(
            f'<li><a href="/{section.lower()}/{sub.lower()}/">{sub}</a></li>'
            for sub in rnd.sample(SUBSECTIONS, 6)
        )
        items.append(
            f'<li class="nav-item"><a href="/{section.lower()}/">{section}</a>'
            f'<ul class="submenu">{links}</ul></li>'
        )
    return (
        '<header class="site-header"><a class="logo" href="/" aria-label="Startseite">'
        '<svg width="120" height="32" viewBox="0 0 120 32"><path d="M0 0h120v32H0z"/></svg></a>'
        '<nav aria-label="Hauptnavigation"><ul class="nav"><li><a href="/">Startseite</a></li>'
        + "".join(items)
        + '</ul></nav><form class="search" action="/suche/"><input name="q" '
        'placeholder="Suchen"><button>Suchen</button></form>'
        '<a class="login" href="/konto/">Anmelden</a> <a class="subscribe" href="/abo/">'
        "Jetzt abonnieren</a></header>"
    )


def teasers(texts: list[dict], rnd: random.Random, heading: str, count: int) -> str:
    chosen = rnd.sample(texts, count)
    items = "".join(
        f'<li><a href="/artikel/{rnd.randrange(10**6)}/"><span class="kicker">Mehr zum '
        f"Thema</span> {escape(text['title'])}</a></li>"
        for text in chosen
    )
    return f'<aside class="teasers"><h2>{heading}</h2><ol>{items}</ol></aside>'


def comments(rnd: random.Random) -> str:
    items = []
    for number, text in enumerate(rnd.sample(COMMENTS, 8), start=1):
        items.append(
            f'<div class="comment" id="c{number}"><p class="who">Leser{rnd.randrange(10**4)} '
            f"schrieb am {rnd.randrange(1, 28)}.01.2022:</p><p>{escape(text)}</p>"
            '<button class="reply">Antworten</button> <button class="like">Gefällt mir'
            "</button></div>"
        )
    return (
        '<section class="comments" id="kommentare"><h2>Leserkommentare</h2>'
        + "".join(items)
        + '<form class="comment-form"><textarea name="text"></textarea>'
        "<button>Kommentar senden</button></form></section>"
    )


def footer(rnd: random.Random) -> str:
    columns = "".join(
        f"<div><h3>{section}</h3><ul>"
        + "".join(
            f'<li><a href="/{section.lower()}/{s.lower()}/">{s}</a></li>' for s in SUBSECTIONS
        )
        + "</ul></div>"
        for section in SECTIONS
    )
    return (
        f'<footer class="site-footer"><div class="columns">{columns}</div>'
        '<p><a href="/impressum/">Impressum</a> · <a href="/datenschutz/">'
        'Datenschutzerklärung</a> · <a href="/agb/">AGB</a> · '
        '<a href="#" onclick="openConsent()">Cookie-Einstellungen</a></p>'
        f"<p>© {2022 + rnd.randrange(3)} Verlagsgruppe Ost GmbH. Alle Rechte vorbehalten.</p>"
        "</footer>"
    )


def scripts(rnd: random.Random, size: int) -> str:
    """The analytics snippet and the app's state, padded to `size` characters."""
    analytics = (
        "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
        f"gtag('js',new Date());gtag('config','G-{rnd.randrange(10**9):09d}',"
        "{anonymize_ip:true});</script>"
    )
    ads, length = [], 0
    while length < size - len(analytics) - 140:
        ads.append(
            json.dumps(
                {
                    "slot": f"div-gpt-{rnd.randrange(10**6)}",
                    "sizes": [[300, 250], [728, 90]],
                    "targeting": {"ressort": rnd.choice(SECTIONS), "pos": rnd.randrange(9)},
                }
            )
        )
        length += len(ads[-1]) + 1
    body = '{"menu": [], "ads": [' + ",".join(ads) + '], "user": null, "experiments": {}}'
    return analytics + f"<script>window.__INITIAL_STATE__={body};</script>"


def sentences(texts: list[dict]) -> list[str]:
    """Every sentence of the texts (of more than 30 characters)."""
    found = []
    for text in texts:
        for paragraph in text["paragraphs"]:
            found += [part for part in SENTENCE_BREAK.split(paragraph) if len(part) > 30]
    return found


def article_paragraphs(rnd: random.Random, pool: list[str], size: int) -> list[str]:
    """Paragraphs of three to five of the texts' sentences, picked at random, about
    `size` characters: two articles share a few sentences, not their text."""
    picked, length = [], 0
    for sentence in rnd.sample(pool, len(pool)):
        picked.append(sentence)
        length += len(sentence) + 1
        if length >= size:
            break
    paragraphs = []
    while picked:
        count = rnd.randrange(3, 6)
        paragraphs.append(" ".join(picked[:count]))
        picked = picked[count:]
    return paragraphs


def html_page(number: int, texts: list[dict], pool: list[str]) -> tuple[bytes, str]:
    """A news page of about HTML_BYTES around an article of about ARTICLE_CHARS; and a
    sentence of its article."""
    rnd = random.Random(number)
    main = texts[number % len(texts)]
    paragraphs = article_paragraphs(rnd, pool, ARTICLE_CHARS)
    day = 3 + number % 25
    title = f"{main['title']} ({rnd.choice(SECTIONS)}, Folge {number + 1})"
    author, outlet = rnd.choice(AUTHORS), rnd.choice(OUTLETS)
    head = (
        '<!DOCTYPE html>\n<html lang="de"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} | {outlet}</title>"
        f'<meta name="description" content="{escape(first_sentence(paragraphs[0]))[:160]}">'
        f'<link rel="canonical" href="https://www.example.org/artikel/{number + 1}/">'
        f'<meta property="og:site_name" content="{outlet}">'
        f'<meta property="og:title" content="{escape(title)}">'
        f'<meta name="author" content="{author}">'
        f'<meta property="article:published_time" content="2022-01-{day:02d}T08:30:00+01:00">'
        '<link rel="preload" href="/static/fonts/serif.woff2" as="font" crossorigin>'
        '<link rel="stylesheet" href="/static/css/site.4f2a9c.css">'
        f"<style>{STYLE}</style>"
        '<script async src="https://www.googletagmanager.com/gtag/js?id=G-XYZ"></script>'
        "</head><body>"
        '<div class="cookie-banner" role="dialog"><p>Wir verwenden Cookies, um Inhalte zu '
        'personalisieren.</p><button>Alle akzeptieren</button> <a href="#">'
        "Cookie-Einstellungen</a></div>"
    )
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs[1:])
    article = (
        '<main><nav class="breadcrumb"><a href="/">Startseite</a> › <a href="/ausland/">'
        "Ausland</a> › Zentralasien</nav>"
        f'<article class="article"><h1>{escape(title)}</h1>'
        f'<p class="byline">Von <a rel="author" href="/autoren/{rnd.randrange(99)}/">'
        f'{author}</a>, <time datetime="2022-01-{day:02d}">{day}.01.2022</time></p>'
        f'<p class="teaser">{escape(paragraphs[0])}</p>'
        '<figure><img src="/bilder/almaty.jpg" alt="Almaty" width="800" height="450">'
        "<figcaption>Almaty im Januar 2022. Foto: Agentur</figcaption></figure>"
        '<div class="ad-slot" data-slot="content-1"></div>'
        f"{body}</article>"
        '<aside class="newsletter"><h2>Newsletter</h2><p>Die wichtigsten Nachrichten jeden '
        'Morgen in Ihrem Postfach.</p><input type="email"><button>Anmelden</button></aside>'
        f"{teasers(texts, rnd, 'Meistgelesen', 8)}</main>"
    )
    page = head + navigation(rnd) + article + comments(rnd) + footer(rnd)
    tail = "</body></html>\n"
    room = HTML_BYTES - len((page + tail).encode())
    page += scripts(rnd, max(room, 2_000)) + tail
    return page.encode(), known_sentence(paragraphs)


# PDFs


def pdf_paragraphs(texts: list[dict]) -> list[str]:
    """Every paragraph the PDFs' core font can set (Windows-1252: German, not Cyrillic)."""
    found = []
    for text in texts:
        for paragraph in text["paragraphs"]:
            paragraph = paragraph.replace("\u202f", " ").replace("\u00a0", " ")
            try:
                paragraph.encode("cp1252")
            except UnicodeEncodeError:
                continue
            found.append(paragraph)
    return found


def word_pairs(paragraphs: list[str]) -> dict[str, list[str]]:
    """Each word of the texts and the words that follow it ("" ends a paragraph)."""
    follow = collections.defaultdict(list)
    for paragraph in paragraphs:
        words = paragraph.split() + [""]
        for word, after in zip(words, words[1:], strict=False):
            follow[word].append(after)
    return follow


def chained(rnd: random.Random, follow: dict[str, list[str]], size: int) -> list[str]:
    """About `size` characters of paragraphs walked through the texts' word pairs.

    Ten reports of 20 dense pages are far more text than the demo's 90,000 characters:
    made of its sentences, they would be (rightly) taken for republications of each
    other. A walk that leaves a word with only one follower half the time shares almost
    no run of five words with another walk, so each report is a text of its own in the
    texts' words."""
    starts = list(follow)
    paragraphs, words, length = [], [], 0
    word = rnd.choice(starts)
    while length < size:
        after = follow[word]
        if not after or (len(set(after)) == 1 and rnd.random() < 0.5):
            word = rnd.choice(starts)
        else:
            word = rnd.choice(after)
        if word:
            words.append(word)
            length += len(word) + 1
        if (not word and len(words) > 20) or len(words) > 150:
            paragraphs.append(" ".join(words))
            words = []
    return paragraphs + ([" ".join(words)] if words else [])


def text_pdf(title: str, paragraphs: list[str], pages: int) -> tuple[bytes, list[str]]:
    """A PDF of exactly `pages` pages of the paragraphs, in order, repeated as needed;
    and the paragraphs it holds."""
    from fpdf import FPDF

    document = FPDF(format="A4")
    document.core_fonts_encoding = "windows-1252"
    document.set_title(title)
    document.set_author(AUTHORS[len(title) % len(AUTHORS)])
    document.set_creation_date(datetime.datetime(2022, 1, 3 + len(title) % 25, 9, 0))
    document.set_auto_page_break(True, margin=20)
    document.add_page()
    document.set_font("Helvetica", "B", size=16)
    document.multi_cell(0, 8, title)
    document.ln(4)
    document.set_font("Helvetica", size=11)
    bottom = document.h - 20
    written = []
    for index in range(10**6):
        paragraph = paragraphs[index % len(paragraphs)]
        if document.page_no() == pages:  # the last page: stop at a paragraph that would not fit
            lines = document.multi_cell(0, 5.5, paragraph, dry_run=True, output="LINES")
            if document.get_y() + len(lines) * 5.5 > bottom:
                break
        document.multi_cell(0, 5.5, paragraph)
        document.ln(3)
        written.append(paragraph)
        if document.page_no() > pages:
            raise AssertionError("a paragraph ran past the last page")
    return bytes(document.output()), written


def scanned_pdf(paragraphs: list[str], pages: int, folder: Path) -> tuple[bytes, list[str]]:
    """Text pages rendered at 300 dpi in grey and put into a PDF with no text layer."""
    from fpdf import FPDF

    data, written = text_pdf("Lagebericht", paragraphs, pages)
    (folder / "text.pdf").write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-r", "300", "-gray", "-png", "text.pdf", "page"], cwd=folder, check=True
    )
    document = FPDF(format="A4")
    for image in sorted(folder.glob("page*.png")):
        document.add_page()
        document.image(str(image), x=0, y=0, w=210, h=297)
        image.unlink()
    return bytes(document.output()), written


def make_files(folder: Path, scanned_pages: int) -> dict:
    """The three folders of files, and what each file should read as."""
    texts = seed_texts()
    pool = sentences(texts)
    cases = {"html": {}, "pdf": {}, "scan": {}}
    (folder / "html").mkdir(parents=True)
    for number in range(HTML_PAGES):
        data, sentence = html_page(number, texts, pool)
        name = f"artikel-{number + 1:02d}.html"
        (folder / "html" / name).write_bytes(data)
        cases["html"][name] = {"sentence": sentence, "bytes": len(data)}
    (folder / "pdf").mkdir()
    pool = pdf_paragraphs(texts)
    follow = word_pairs(pool)
    for number in range(PDFS):
        report = chained(random.Random(1000 + number), follow, PDF_PAGES * 4_000)
        data, written = text_pdf(f"Bericht {number + 1}: Kasachstan", report, PDF_PAGES)
        name = f"bericht-{number + 1:02d}.pdf"
        (folder / "pdf" / name).write_bytes(data)
        cases["pdf"][name] = {"sentence": first_sentence(written[-1]), "bytes": len(data)}
    (folder / "scan").mkdir()
    work = folder / "rendering"
    work.mkdir()
    offset = 0
    for number in range(-(-scanned_pages // SCANS_PER_PDF)):
        pages = min(SCANS_PER_PDF, scanned_pages - number * SCANS_PER_PDF)
        data, written = scanned_pdf(pool[offset:] + pool[:offset], pages, work)
        offset += len(written)
        name = f"scan-{number + 1:02d}.pdf"
        (folder / "scan" / name).write_bytes(data)
        cases["scan"][name] = {"words": words("\n".join(written)), "pages": pages}
    shutil.rmtree(work)
    return cases


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


# Running and checking


class Databases:
    """The run's own databases beside the given one: a template migrated once, and the
    database each case starts from a copy of."""

    def __init__(self, url: str):
        name = database.name_of(url)
        self.template = urlparse(url)._replace(path=f"/{name}_ingest_template").geturl()
        self.url = urlparse(url)._replace(path=f"/{name}_ingest").geturl()

    def prepare(self, env: dict) -> None:
        database.recreate(self.template)
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--verbosity", "0"],
            cwd=ROOT,
            env=env | {"DATABASE_URL": self.template},
            check=True,
        )

    def fresh(self) -> None:
        from psycopg import sql

        with database.connect(database.server_url(self.url)) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(database.name_of(self.url))
                )
            )
            connection.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(database.name_of(self.url)),
                    sql.Identifier(database.name_of(self.template)),
                )
            )

    def drop(self) -> None:
        from psycopg import sql

        with database.connect(database.server_url(self.url)) as connection:
            for url in (self.url, self.template):
                connection.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(database.name_of(url))
                    )
                )


def unfinished(url: str) -> int:
    with database.connect(url) as connection:
        return connection.execute(
            "SELECT count(*) FROM documents_document WHERE state NOT IN ('ready', 'refused')"
        ).fetchone()[0]


def ingest(env: dict, folder: Path, url: str, worker: bool) -> dict:
    """Run `manage.py ingest --confirm` on the folder; seconds until every file is read."""
    env = env | {"DATABASE_URL": url, "TASK_BACKEND": "database" if worker else "immediate"}
    running = None
    if worker:
        running = subprocess.Popen(
            [PYTHON, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
             "--interval", "0.1", "--verbosity", "0"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        time.sleep(3)  # started, as a worker is before any upload
        if running.poll() is not None:
            sys.exit(f"db_worker stopped at once:\n{running.stderr.read()}")
    load = os.getloadavg()[0]
    started = time.perf_counter()
    result = subprocess.run(
        [PYTHON, "manage.py", "ingest", "--confirm", str(folder)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    command_seconds = time.perf_counter() - started
    if result.returncode:
        sys.exit(f"manage.py ingest failed:\n{result.stderr[-3000:]}")
    try:
        if worker:
            while unfinished(url):
                if running.poll() is not None:
                    sys.exit(f"db_worker stopped:\n{running.stderr.read()[-3000:]}")
                time.sleep(0.05)
    finally:
        if running is not None:
            running.terminate()
            running.wait(timeout=60)
    seconds = time.perf_counter() - started
    summary = result.stdout.strip().splitlines()[-1]
    return {
        "seconds": seconds,
        "command_seconds": command_seconds,
        "summary": summary,
        "load": load,
    }


def checked(url: str, kind: str, expected: dict) -> dict:
    """What the run made of the files: sources, states, and the texts' checks."""
    with database.connect(url) as connection:
        rows = connection.execute(
            "SELECT d.name, d.state, d.reason, d.likely_republishes_id IS NOT NULL, s.text "
            "FROM documents_document d LEFT JOIN sources_source s ON s.id = d.source_id"
        ).fetchall()
        sources = connection.execute("SELECT count(*) FROM sources_source").fetchone()[0]
    found = {"sources": sources, "files": len(expected), "problems": [], "republications": 0}
    seen = set()
    recall = []
    for name, state, reason, republishes, text in rows:
        seen.add(name)
        found["republications"] += republishes
        if text is None:
            found["problems"].append(f"{name}: {state}, no source ({reason})")
            continue
        want = expected.get(name)
        plain = normalised(text)
        if kind in ("html", "pdf") and normalised(want["sentence"]) not in plain:
            found["problems"].append(f"{name}: lacks “{want['sentence'][:60]}…”")
        if kind == "html":
            leaked = [marker for marker in BOILERPLATE if marker in text]
            if leaked:
                found["problems"].append(f"{name}: holds the page's {leaked[:3]}")
        if kind == "scan":
            read = set(words(text))
            recall.append(sum(word in read for word in want["words"]) / len(want["words"]))
    found["problems"] += [f"{name}: no document" for name in expected if name not in seen]
    if recall:
        found["word_recall"] = sum(recall) / len(recall)
    return found


def measure(case: str, kind: str, env, databases, folder, cases, rounds: int, worker=False):
    """The case run `rounds` times, each on a fresh database: the median time, and every
    round's checks."""
    result = {"case": case, "kind": kind, "worker": worker, "times": [], "loads": []}
    result["problems"] = []
    for _ in range(rounds):
        databases.fresh()
        timing = ingest(env, folder / kind, databases.url, worker)
        found = checked(databases.url, kind, cases[kind])
        result["times"].append(timing["seconds"])
        result["loads"].append(timing["load"])
        result["problems"] += [p for p in found.pop("problems") if p not in result["problems"]]
        result.update(found)
        print(
            f"{case:55} {timing['seconds']:7.1f} s  {found['sources']}/{found['files']} "
            f"sources, load {timing['load']:.1f}; {timing['summary']}",
            flush=True,
        )
    for problem in result["problems"]:
        print(f"    {problem}")
    result["seconds"] = statistics.median(result["times"])
    return result


def startup(env, databases, folder: Path) -> float:
    """The command's fixed cost: started, set up Django, connected, found nothing to do."""
    databases.fresh()
    empty = folder / "empty"
    empty.mkdir(exist_ok=True)
    return ingest(env, empty, databases.url, False)["seconds"]


def report(results, start_seconds, cases, command, scanned_pages, loads, rounds) -> str:
    html_bytes = [case["bytes"] for case in cases["html"].values()]
    pdf_bytes = [case["bytes"] for case in cases["pdf"].values()]
    lines = [
        f"## Bringing in documents (`manage.py ingest --confirm`), {time.strftime('%Y-%m-%d')}",
        "",
        f"- Machine: {machine()}",
        f"- Load average (1 min) before the run: {loads[0]:.2f}, after it: {loads[1]:.2f}; "
        "each case's column gives it as each round began (the machine's other work shows "
        "in it: on a quiet machine it stays under the cores' count).",
        f"- Command: `{command}`",
        f"- Files, made from the demo's texts: {HTML_PAGES} web pages of "
        f"{min(html_bytes) / 1000:.1f}–{max(html_bytes) / 1000:.1f} KB (an article in a news "
        f"site's navigation, comments, footer and scripts); {PDFS} text PDFs of {PDF_PAGES} "
        f"pages ({min(pdf_bytes) / 1000:.0f}–{max(pdf_bytes) / 1000:.0f} KB); "
        f"{scanned_pages} scanned pages (300 dpi, grey, no text layer) in PDFs of up to "
        f"{SCANS_PER_PDF}.",
        "- Each case: the command as a subprocess on a fresh PostgreSQL database, timed "
        "from its start until every file is read (with the database backend, by one "
        f"`db_worker` started beforehand), {rounds} times. Wall-clock seconds, the "
        f"command's start-up included: {start_seconds:.1f} s for an empty folder.",
        f"- Target (issue 25): {HTML_PAGES} web pages or {PDFS} text PDFs in under "
        f"{TARGET_SECONDS} s.",
        "",
        "| case | seconds (median) | fastest–slowest | each file | load | sources | checks "
        "| target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for result in results:
        files = result["files"]
        checks = "all pass" if not result["problems"] else f"{len(result['problems'])} fail"
        per = f"{result['seconds'] / files:.2f} s"
        if result["kind"] == "scan":
            rate = scanned_pages * 60 / result["seconds"]
            checks += f"; {result['word_recall']:.1%} of the words read back"
            target = f"{rate:.1f} pages/min"
            per = f"{result['seconds'] / scanned_pages:.1f} s a page"
        else:
            met = result["seconds"] < TARGET_SECONDS and not result["problems"]
            target = "met" if met else "missed"
        if result["republications"]:
            checks += f"; {result['republications']} marked likely republications"
        lines.append(
            f"| {result['case']} | {result['seconds']:.1f} | "
            f"{min(result['times']):.1f}–{max(result['times']):.1f} | "
            f"{per} | {min(result['loads']):.1f}–{max(result['loads']):.1f} | "
            f"{result['sources']}/{files} | {checks} | "
            f"{target} |"
        )
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument(
        "--database-url",
        default="",
        help=f"default: DATABASE_URL, else {database.DEFAULT_URL}; the run uses <its name>_ingest",
    )
    parser.add_argument("--scanned-pages", type=int, default=8, help="pages read by OCR (8)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each case (3)")
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help="only the immediate backend: no run with TASK_BACKEND=database and a db_worker",
    )
    parser.add_argument("--keep-files", type=Path, help="also copy the files made to this folder")
    output.add_arguments(parser, "ingest")
    args = parser.parse_args()
    try:
        databases = Databases(database.database_url(args.database_url))
        database.connect(database.server_url(databases.url)).close()
    except database.Unusable as problem:
        sys.exit(str(problem))
    if shutil.which("pdftoppm") is None or shutil.which("tesseract") is None:
        sys.exit("The scanned pages need pdftoppm and tesseract (poppler-utils, tesseract-ocr).")
    loads = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory(prefix="dossier-ingest-") as temporary:
        folder = Path(temporary)
        started = time.perf_counter()
        cases = make_files(folder / "files", args.scanned_pages)
        print(f"Made the files in {time.perf_counter() - started:.1f} s", flush=True)
        if args.keep_files:
            shutil.copytree(folder / "files", args.keep_files, dirs_exist_ok=True)
        env = django_env("") | {"MEDIA_ROOT": str(folder / "media")}
        try:
            databases.prepare(env)
            start_seconds = startup(env, databases, folder)
            print(f"Start-up (an empty folder): {start_seconds:.1f} s", flush=True)
            runs = [
                (f"{HTML_PAGES} web pages of 50 KB", "html", False),
                (f"{PDFS} text PDFs of {PDF_PAGES} pages", "pdf", False),
                (f"{args.scanned_pages} scanned pages (OCR)", "scan", False),
            ]
            if not args.no_worker:
                runs += [
                    (f"{HTML_PAGES} web pages, database backend and 1 db_worker", "html", True),
                    (f"{PDFS} text PDFs, database backend and 1 db_worker", "pdf", True),
                ]
            results = [
                measure(case, kind, env, databases, folder / "files", cases, args.rounds, worker)
                for case, kind, worker in runs
            ]
        finally:
            databases.drop()
    loads.append(os.getloadavg()[0])
    command = "python bench/ingest.py" + (
        f" --scanned-pages {args.scanned_pages}" if args.scanned_pages != 8 else ""
    )
    command += f" --rounds {args.rounds}" if args.rounds != 3 else ""
    command += " --no-worker" if args.no_worker else ""
    text = report(results, start_seconds, cases, command, args.scanned_pages, loads, args.rounds)
    print(text)
    output.save(text, "ingest", args.output, args.record)
    if any(result["problems"] for result in results):
        sys.exit("Some files were not brought in as they should be: see the lines above.")


if __name__ == "__main__":
    main()
