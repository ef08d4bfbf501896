"""The ``explorer`` directive: edu_w2v's word-vector explorer in a page of the website.

In a page (notebooks/11_explorer.md), with the path of an export that
scripts/build_explorer_vectors.py wrote, relative to the page as for an image::

    ```{explorer} ../site/explorer/wordnet_vectors.npz
    :language: en
    :search: red
    :analogy: man king woman
    ```

The page gets the HTML of edu_w2v.explorer.page.fragment; the build folder gets, once for all
pages, _static/explorer/ with explorer.js, explorer.css and the export as a script
(wordnet_vectors.js). The pages that hold an explorer are remembered in Sphinx's environment, so
a rebuild that reads no page again (only the output was deleted) still writes those files.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from edu_w2v.explorer.export import data_script, load_export
from edu_w2v.explorer.page import fragment, write_code
from edu_w2v.language import LANGUAGES
from edu_w2v.word_vectors import write_atomically

STATIC = "explorer"  # the files' folder in the build's _static/


def _exports(env) -> dict[str, str]:
    """docname -> the absolute path of the export its explorer shows."""
    if not hasattr(env, "edu_w2v_explorers"):
        env.edu_w2v_explorers = {}
    return env.edu_w2v_explorers


def _data_name(export: str) -> str:
    return Path(export).stem + ".js"


@cache
def _script(export: str, modified: float) -> str:
    """The export as the script the page loads (made once per build for all the pages)."""
    return data_script(load_export(export))


def _data_script(export: str) -> str:
    return _script(export, Path(export).stat().st_mtime)


class ExplorerDirective(SphinxDirective):
    required_arguments = 1
    option_spec = {
        "language": lambda text: directives.choice(text, LANGUAGES),
        "search": directives.unchanged,
        "analogy": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        relative, export = self.env.relfn2path(self.arguments[0])
        if not Path(export).is_file():
            raise self.error(f"no explorer vectors at {self.arguments[0]} ({export})")
        self.env.note_dependency(relative)
        _exports(self.env)[self.env.docname] = export
        analogy = self.options.get("analogy", "").split() or ["", "", ""]
        if len(analogy) != 3:
            raise self.error(f":analogy: takes three words, got {analogy}")
        prefix = "../" * self.env.docname.count("/") + f"_static/{STATIC}/"
        html = fragment(
            data_src=prefix + _data_name(export),
            code_prefix=prefix,
            data_size=len(_data_script(export).encode("utf-8")),
            language=self.options.get("language", "en"),
            search=self.options.get("search", ""),
            analogy=analogy,
        )
        return [nodes.raw("", html, format="html")]


def _purge(app: Sphinx, env, docname: str) -> None:
    _exports(env).pop(docname, None)


def _merge(app: Sphinx, env, docnames: set[str], other) -> None:
    _exports(env).update(_exports(other))


def _write_files(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    folder = Path(app.outdir) / "_static" / STATIC
    folder.mkdir(parents=True, exist_ok=True)
    write_code(folder)
    for export in sorted(set(_exports(app.env).values())):
        script = _data_script(export)
        write_atomically(folder / _data_name(export), lambda file, s=script: file.write(s), False)


def setup(app: Sphinx) -> dict:
    app.add_directive("explorer", ExplorerDirective)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("build-finished", _write_files)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
