"""
Where a benchmark writes its figures: a file of its own, never the tracked RESULTS.md
unless asked.

Each run writes a Markdown file, by default bench/results/<name>-<date and time>.md
(not tracked by git), and prints its path. With --record it also appends the same
section, dated, to bench/RESULTS.md, the record the project keeps.
"""

import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
RECORD = ROOT / "bench" / "RESULTS.md"


def default_path(name: str, now: datetime.datetime | None = None) -> Path:
    now = now or datetime.datetime.now()
    return RESULTS_DIR / f"{name}-{now:%Y-%m-%d-%H%M%S}.md"


def add_arguments(parser, name: str) -> None:
    parser.add_argument(
        "--output",
        type=Path,
        help=f"the Markdown file to write (default: bench/results/{name}-<date>-<time>.md)",
    )
    parser.add_argument(
        "--record",
        action="store_true",
        help="also append the section, dated, to bench/RESULTS.md",
    )


def save(section: str, name: str, output: Path | None, record: bool, record_to=RECORD) -> Path:
    """Write the section (Markdown starting with a `## ` heading) to its own file, and
    append it to the record when asked. Prints where it went."""
    path = Path(output) if output else default_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# Dossier benchmark: {name}\n\n{section.strip()}\n")
    print(f"Wrote {path}")
    if record:
        previous = record_to.read_text() if record_to.exists() else "# Benchmark results\n"
        record_to.write_text(previous.rstrip() + "\n\n" + section.strip() + "\n")
        print(f"Appended the section to {record_to}")
    return path
