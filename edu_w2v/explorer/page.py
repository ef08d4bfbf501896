"""The explorer's page: its HTML in English or Chinese, and the folder the CLI writes.

The same HTML (`fragment`) sits in the website's explorer page (site/explorer_page.py puts it
there) and in the page `python -m edu_w2v explore` writes (`write_explorer`), next to the same
explorer.js and explorer.css. What the page says is written here in both languages; the words
explorer.js fills in ({word}, {count}, ...) travel in the page as JSON, in the page's language.
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from edu_w2v.explorer.export import ExportedModel, data_script
from edu_w2v.language import LANGUAGES, Message
from edu_w2v.word_vectors import write_atomically

CODE = ("explorer.js", "explorer.css")  # the page's code, the same in every explorer
DATA_SCRIPT = "vectors.js"  # the vectors, in the folder the CLI writes
GENERATOR = "edu_w2v explore"  # marks an index.html that `explore` wrote (and may overwrite)

# Written into the HTML.
LABELS = {
    "noscript": Message(
        "The explorer runs in JavaScript: turn it on to search the vectors.",
        "词向量浏览器用 JavaScript 运行：请启用它来查询词向量。",
    ),
    "loading": Message("Loading the vectors…", "正在加载词向量……"),
    "word": Message("Word", "单词"),
    "top": Message("Neighbours", "近邻数"),
    "search": Message("Search", "查找"),
    "analogy": Message("{a} is to {b} as {c} is to ?", "{a} 之于 {b}，相当于 {c} 之于 ？"),
    "answer": Message("Answer", "求解"),
    "analogy_rule": Message(
        "The answers are the words nearest to b − a + c (of unit vectors), a, b and c left out, "
        "as WordVectors.analogy finds them.",
        "答案是离 b − a + c（单位向量）最近的单词，a、b、c 本身除外，与 WordVectors.analogy 的"
        "规则相同。",
    ),
}
# Filled in by explorer.js: {names} in braces are its values.
MESSAGES = {
    "ready": Message(
        "{size} of vectors, ready {ms} ms after the page opened (decoding took {decode} ms).",
        "词向量共 {size}，页面打开后 {ms} 毫秒即可使用（其中解码用时 {decode} 毫秒）。",
    ),
    "no_data": Message(
        "The vectors did not load: {file} should be next to this page.",
        "词向量没有加载：{file} 应当与本页面放在一起。",
    ),
    "model_info": Message(
        "The {count} most frequent of its {vocabulary} words, {dims} dimensions",
        "其 {vocabulary} 个单词中最常见的 {count} 个，{dims} 维",
    ),
    "nearest": Message("Nearest to '{word}'", "与“{word}”最相近的单词"),
    "analogy_title": Message("{a} : {b} :: {c} : ?", "{a} : {b} :: {c} : ？"),
    "unknown": Message(
        "'{word}' is not among the {count} exported words",
        "“{word}”不在导出的 {count} 个单词之中",
    ),
    "but_lower": Message(" (but '{lower}' is)", "（但“{lower}”在）"),
    "empty": Message("Type a word.", "请输入一个单词。"),
    "analogy_empty": Message("Type the three words a, b and c.", "请输入 a、b、c 三个单词。"),
    "rank": Message("#", "#"),
    "word": Message("word", "单词"),
    "similarity": Message("similarity", "相似度"),
    "show_all": Message("Show all words", "显示全部单词"),
    "zoom_in": Message("Zoom to the highlighted words", "放大到高亮的单词"),
    "map": Message(
        "The {count} words on their first two principal directions (PCA). Red: the word you "
        "searched (or a, b, c); blue: the answers. Tap a point to search for its word.",
        "{count} 个单词在前两个主方向上的投影（PCA）。红色：查询的单词（或 a、b、c）；"
        "蓝色：答案。点击一个点即可查询它的单词。",
    ),
}
PAGE = {
    "title": Message("Word-vector explorer", "词向量浏览器"),
    "intro": Message(
        "Nearest words by cosine similarity, and analogies, computed in this page from the "
        "vectors of {files} (nothing is sent anywhere). The numbers are those of the exported "
        "vectors: each vector scaled to length 1 and rounded to float16.",
        "按余弦相似度查找最近邻，并求解类比，全部在本页面中根据 {files} 的词向量计算（不发送任何"
        "数据）。这些数字是导出的词向量的数字：每个向量缩放到长度 1，再舍入为 float16。",
    ),
    "written_by": Message("Written by {command}.", "由 {command} 生成。"),
}


def _check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {language!r}")
    return language


def size_text(size: int) -> str:
    """A file size as the page states it: '2.7 MB', '48 kB'."""
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{max(1, round(size / 1e3))} kB"


def fragment(
    *,
    data_src: str,
    code_prefix: str,
    data_size: int,
    language: str = "en",
    search: str = "",
    analogy: Sequence[str] = ("", "", ""),
) -> str:
    """The explorer's HTML: the search and analogy boxes, then one column per model (made by
    explorer.js from the data script at `data_src`; explorer.js and explorer.css are found at
    `code_prefix`). `search` and `analogy` fill the boxes, and the word is searched at once."""
    language = _check_language(language)
    if len(analogy) != 3:
        raise ValueError(f"analogy must be three words (a, b, c), got {list(analogy)}")

    def label(key: str) -> str:
        return html.escape(getattr(LABELS[key], language))

    def attribute(value: object) -> str:
        return html.escape(str(value), quote=True)

    inputs = {
        name: f'<input name="{name}" type="text" aria-label="{name}" value="{attribute(word)}" '
        'autocomplete="off" autocapitalize="none" spellcheck="false">'
        for name, word in zip("abc", analogy, strict=True)
    }
    sentence = label("analogy").format(**inputs)
    messages = {key: getattr(message, language) for key, message in MESSAGES.items()}
    # "</" could end the <script> element early: JSON lets "/" be written "\/".
    messages_json = json.dumps(messages, ensure_ascii=False).replace("</", "<\\/")
    options = "".join(
        f"<option{' selected' if top == 10 else ''}>{top}</option>" for top in (5, 10, 20, 50)
    )
    return f"""<link rel="stylesheet" href="{attribute(code_prefix)}explorer.css">
<div class="w2v-explorer" data-data-file="{attribute(data_src)}" \
data-size="{attribute(size_text(data_size))}">
<noscript><p>{label("noscript")}</p></noscript>
<p class="w2v-status" aria-live="polite">{label("loading")}</p>
<form class="w2v-search">
<label for="w2v-word">{label("word")}</label>
<input id="w2v-word" name="word" type="search" list="w2v-words" value="{attribute(search)}" \
autocomplete="off" autocapitalize="none" spellcheck="false" enterkeyhint="search">
<label for="w2v-top">{label("top")}</label>
<select id="w2v-top" name="top">{options}</select>
<button type="submit">{label("search")}</button>
</form>
<form class="w2v-analogy">
<span class="w2v-sentence">{sentence}</span>
<button type="submit">{label("answer")}</button>
</form>
<p class="w2v-rule">{label("analogy_rule")}</p>
<datalist id="w2v-words"></datalist>
<div class="w2v-models"></div>
<script type="application/json" class="w2v-messages">{messages_json}</script>
</div>
<script src="{attribute(data_src)}"></script>
<script src="{attribute(code_prefix)}explorer.js"></script>"""


def document(
    models: Sequence[ExportedModel],
    data_size: int,
    language: str = "en",
    search: str = "",
    analogy: Sequence[str] = ("", "", ""),
) -> str:
    """The whole index.html of a folder that `write_explorer` writes (`data_size`: the bytes of
    its vectors.js)."""
    language = _check_language(language)
    names = ", ".join(model.name for model in models)
    title = getattr(PAGE["title"], language)
    intro = getattr(PAGE["intro"], language).format(files=names)
    command = "<code>python -m edu_w2v explore</code>"
    written_by = html.escape(getattr(PAGE["written_by"], language)).format(command=command)
    body = fragment(
        data_src=DATA_SCRIPT,
        code_prefix="",
        data_size=data_size,
        language=language,
        search=search,
        analogy=analogy,
    )
    return f"""<!DOCTYPE html>
<html lang="{"zh-CN" if language == "zh" else "en"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{GENERATOR}">
<title>{html.escape(title)} · {html.escape(names)}</title>
</head>
<body class="w2v-page">
<main>
<h1>{html.escape(title)}</h1>
<p>{html.escape(intro)} {written_by}</p>
{body}
</main>
</body>
</html>
"""


def write_code(folder: str | os.PathLike) -> None:
    """Copy explorer.js and explorer.css (package data) into `folder`."""
    for name in CODE:
        source = resources.files("edu_w2v.explorer").joinpath(name).read_text(encoding="utf-8")
        write_atomically(Path(folder) / name, lambda file, text=source: file.write(text), False)


def write_explorer(
    folder: str | os.PathLike,
    models: Sequence[ExportedModel],
    language: str = "en",
    search: str = "",
    analogy: Sequence[str] = ("", "", ""),
) -> Path:
    """Write the explorer of `models` into `folder` (made if missing): index.html, vectors.js,
    explorer.js and explorer.css. Return the path of index.html, the page to open."""
    if not models:
        raise ValueError("models must hold at least one ExportedModel")
    folder = Path(folder)
    folder.mkdir(exist_ok=True)
    script = data_script(models)
    page = document(models, len(script.encode("utf-8")), language, search, analogy)
    write_code(folder)
    write_atomically(folder / DATA_SCRIPT, lambda file: file.write(script), binary=False)
    return write_atomically(folder / "index.html", lambda file: file.write(page), binary=False)
