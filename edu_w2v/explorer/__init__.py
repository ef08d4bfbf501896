"""The word-vector explorer: word vectors in a web page that answers searches and analogies.

A page, opened from disk (no server, no network), that holds trained word vectors: type a word
and it lists the nearest words by cosine similarity, computed in the browser; three words and it
answers the analogy a − b + c; a 2-D map (PCA) shows the searched word and its neighbours. It
shows one column per set of vectors, e.g. CBOW and skip-gram side by side.

    export.py     the vectors made compact: the most frequent words, unit vectors as float16,
                  their PCA map; saved and loaded as .npz; written as the script the page loads
    page.py       the page: its HTML in English or Chinese, and the folder the CLI writes
    explorer.js   the page's code: decoding, cosine ranking, analogies, the map (no dependency)
    explorer.css  its layout: columns side by side on a desktop, stacked on a phone

``python -m edu_w2v explore VECTORS --out DIR`` writes DIR/index.html for any saved vectors; the
website's explorer page (``notebooks/11_explorer.md``) is written by the same code from the vectors
that ``scripts/build_explorer_vectors.py`` exported.
"""

# The most frequent 5,000 words: on the bundled corpus they make up 85 % of the running text and
# each was seen at least 31 times (rarer words have noisier vectors); two models of 100
# dimensions take 2.7 MB in the page. See scripts/build_explorer_vectors.py for the measurements.
DEFAULT_WORDS = 5000
