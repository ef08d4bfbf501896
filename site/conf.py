"""Sphinx configuration of the series' website (`make site`; sources laid out by generate.py).

Sphinx + MyST-NB render the notebooks from their stored outputs (nothing is executed), the book
theme gives the table of contents, previous/next links, search and a download button, and
MathJax 3 is served from the build folder (sphinx-mathjax-offline), so the site works offline.
The `explorer` directive (site/explorer_page.py) puts the word-vector explorer in a page.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # explorer_page, next to this file

project = "edu_w2v"
author = "edu_w2v authors"
copyright = "edu_w2v authors, MIT licence"
language = "en"

extensions = [
    "myst_nb",
    # Copies MathJax 3 into _static/mathjax/ and points mathjax_path at it: no CDN at view time.
    "sphinx-mathjax-offline",
    # The `explorer` directive: edu_w2v's word-vector explorer (notebooks/11_explorer.md).
    "explorer_page",
]

# The stored outputs are the content (the very outputs nbval checks): never re-execute.
nb_execution_mode = "off"
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3
root_doc = "index"
exclude_patterns = ["_build", "**.ipynb_checkpoints"]

html_theme = "sphinx_book_theme"
html_title = "edu_w2v · word2vec, layer by layer"
html_theme_options = {
    "home_page_in_toc": True,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "show_toc_level": 2,
}
# The download button serves the page's own source: notebooks/00_source_run.ipynb, not .ipynb.txt.
html_copy_source = True
html_sourcelink_suffix = ""
html_last_updated_fmt = None
# The theme's colour mode before the reader picks one (left empty, the theme logs a console error).
html_context = {"default_mode": "auto"}
# The site's own CSS (site/_static/edu_w2v.css): long inline code wraps on a phone.
html_static_path = ["_static"]
html_css_files = ["edu_w2v.css"]
