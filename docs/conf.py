"""Sphinx configuration of Dossier's documentation (Markdown sources, read by myst-parser).

Built by `make docs` and by CI with warnings as errors, so a broken link between pages, a
missing anchor or a page left out of every table of contents stops the build.
"""

project = "Dossier"
author = "Dossier's editors and developers"
copyright = "Dossier's editors and developers"

extensions = ["myst_parser"]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]

# Headings get anchors, so a link such as `filters.md#filters-of-the-index` is checked too.
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence"]

# Every reference must resolve; links to the web are left alone (the build reads no network).
nitpicky = True

html_theme = "furo"
html_title = "Dossier"
html_static_path = []
