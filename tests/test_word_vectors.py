import builtins
import math
import os

import numpy as np
import pytest

from edu_w2v.word_vectors import RankedWords, WordVectors, format_table

# A hand-made geometry with known answers. Dimensions: royal, common, male, female, young.
#   king = royal + male,  queen = royal + female,  man = common + male,  woman = common + female
# so king - man + woman = queen exactly; "apple" is a zero vector.
WORDS = ["king", "queen", "man", "woman", "boy", "apple"]
VECTORS = [
    [1, 0, 1, 0, 0],
    [1, 0, 0, 1, 0],
    [0, 1, 1, 0, 0],
    [0, 1, 0, 1, 0],
    [0, 1, 1, 0, 1],
    [0, 0, 0, 0, 0],
]
UNICODE_WORDS = ["café", "naïve", "straße", "東京", "😀", "ascii"]


def royal_vectors(dtype=np.float64) -> WordVectors:
    return WordVectors(WORDS, np.array(VECTORS, dtype=dtype))


def random_vectors(dtype, words=UNICODE_WORDS, dims=7, seed=0) -> WordVectors:
    rng = np.random.default_rng(seed)
    scales = 10.0 ** rng.integers(-8, 8, size=(len(words), dims))  # many magnitudes
    return WordVectors(words, (rng.standard_normal((len(words), dims)) * scales).astype(dtype))


def assert_identical(loaded: WordVectors, original: WordVectors) -> None:
    assert loaded.words == original.words
    assert loaded.vectors.dtype == original.vectors.dtype
    assert loaded.vectors.shape == original.vectors.shape
    # bit for bit, so -0.0 and the last digit count too
    assert loaded.vectors.tobytes() == original.vectors.tobytes()


# --- construction ------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_keeps_dtype_and_stores_a_read_only_copy(dtype):
    vectors = np.array(VECTORS, dtype=dtype)
    wv = WordVectors(WORDS, vectors)
    assert wv.vectors.dtype == dtype
    assert wv.unit_vectors.dtype == dtype
    vectors[0, 0] = 42  # changing the caller's array does not change wv
    assert wv["king"][0] == 1
    with pytest.raises(ValueError, match="read-only"):
        wv.vectors[0, 0] = 42
    assert wv.words == WORDS
    assert repr(wv) == f"<WordVectors: 6 words, 5 dimensions, {np.dtype(dtype)}>"


@pytest.mark.parametrize(
    ("words", "vectors", "error", "message"),
    [
        ("king", np.zeros((4, 2)), TypeError, "sequence of str"),
        (["king", 3], np.zeros((2, 2)), TypeError, "must all be str"),
        (["king"], [[1.0, 2.0]], TypeError, "NumPy array"),
        (["king"], np.zeros((1, 2), dtype=np.int64), TypeError, "float32 or float64"),
        (["king"], np.zeros(2), ValueError, r"shape \(V, H\)"),
        (["king"], np.zeros((1, 0)), ValueError, r"shape \(V, H\)"),
        ([], np.zeros((0, 2)), ValueError, "at least one word"),
        (["king", "queen"], np.zeros((3, 2)), ValueError, "3 rows but there are 2 words"),
        (["king", "queen", "king"], np.zeros((3, 2)), ValueError, "'king' appears more"),
        (["new york"], np.zeros((1, 2)), ValueError, "without whitespace"),
        ([""], np.zeros((1, 2)), ValueError, "non-empty"),
    ],
)
def test_rejects_bad_input(words, vectors, error, message):
    with pytest.raises(error, match=message):
        WordVectors(words, vectors)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_rejects_non_finite_vectors_naming_the_word(bad):
    vectors = np.ones((3, 2))
    vectors[1, 1] = bad
    with pytest.raises(ValueError, match="1 rows contain NaN or inf.*'b'"):
        WordVectors(["a", "b", "c"], vectors)


# --- look-up -------------------------------------------------------------------------------------


def test_lookup():
    wv = royal_vectors()
    assert len(wv) == 6
    assert list(wv) == WORDS
    assert "queen" in wv
    assert "Queen" not in wv
    assert 3 not in wv
    assert wv.index("man") == 2
    np.testing.assert_array_equal(wv["woman"], [0, 1, 0, 1, 0])


def test_unknown_word_gives_a_helpful_key_error():
    wv = royal_vectors()
    with pytest.raises(KeyError, match="'unicorn' is not in the vocabulary of 6 words"):
        wv["unicorn"]
    with pytest.raises(KeyError, match=r"'King' is not in the vocabulary.*but 'king' is"):
        wv.similarity("King", "queen")
    with pytest.raises(KeyError, match="'prince'"):
        wv.most_similar("prince")
    with pytest.raises(TypeError, match="wv.vectors"):
        wv[0]


def test_unit_vectors_have_length_one_and_zero_rows_stay_zero():
    wv = royal_vectors(np.float32)
    norms = np.linalg.norm(wv.unit_vectors, axis=1)
    np.testing.assert_allclose(norms, [1, 1, 1, 1, 1, 0], atol=1e-6)
    assert not np.isnan(wv.unit_vectors).any()
    assert wv.unit_vectors is wv.unit_vectors  # computed once


# --- similarity ------------------------------------------------------------------------------


def test_similarity_is_the_cosine_as_a_plain_float():
    wv = royal_vectors()
    assert wv.similarity("king", "queen") == pytest.approx(0.5)
    assert wv.similarity("queen", "king") == pytest.approx(0.5)
    assert wv.similarity("king", "woman") == 0.0
    assert wv.similarity("man", "boy") == pytest.approx(2 / math.sqrt(6))
    assert wv.similarity("apple", "king") == 0.0  # a zero vector: 0, not NaN
    assert type(wv.similarity("king", "king")) is float
    assert wv.similarity("king", "king") == pytest.approx(1.0)


def test_most_similar_ranks_and_leaves_out_the_query_word():
    wv = royal_vectors()
    result = wv.most_similar("man")
    assert isinstance(result, RankedWords)
    assert [word for word, _ in result] == ["boy", "king", "woman", "queen", "apple"]
    assert [score for _, score in result] == pytest.approx([2 / math.sqrt(6), 0.5, 0.5, 0, 0])
    assert all(type(word) is str and type(score) is float for word, score in result)


def test_most_similar_top_and_exclude():
    wv = royal_vectors()
    best_two = [("boy", pytest.approx(2 / math.sqrt(6))), ("king", pytest.approx(0.5))]
    assert wv.most_similar("man", top=2) == best_two
    assert [word for word, _ in wv.most_similar("man", top=2, exclude=["boy"])] == [
        "king",
        "woman",
    ]
    assert len(wv.most_similar("man", top=100)) == 5
    with pytest.raises(TypeError, match=r"exclude=\['boy'\]"):
        wv.most_similar("man", exclude="boy")
    with pytest.raises(KeyError, match="'unicorn'"):
        wv.most_similar("man", exclude=["unicorn"])
    for top, error in [(0, ValueError), (-1, ValueError), (2.5, TypeError), (True, TypeError)]:
        with pytest.raises(error, match="top must be an int"):
            wv.most_similar("man", top=top)


def test_most_similar_to_a_vector_and_of_a_zero_vector():
    wv = royal_vectors()
    result = wv.most_similar(np.array([2.0, 0, 0, 2.0, 0]), top=2)  # the direction of queen
    assert result[0] == ("queen", pytest.approx(1.0))
    assert result[1] == ("king", pytest.approx(0.5))
    # "apple" is zero: every cosine is 0, ties keep the vocabulary order
    assert wv.most_similar("apple", top=3) == [("king", 0.0), ("queen", 0.0), ("man", 0.0)]
    with pytest.raises(ValueError, match=r"shape \(5,\)"):
        wv.most_similar(np.ones(3))
    with pytest.raises(ValueError, match="finite"):
        wv.most_similar(np.full(5, np.nan))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_analogy_king_minus_man_plus_woman_is_queen(dtype):
    wv = royal_vectors(dtype)
    result = wv.analogy("man", "king", "woman")
    assert result[0][0] == "queen"
    assert result[0][1] == pytest.approx(1.0, abs=1e-6)
    assert {"man", "king", "woman"}.isdisjoint(word for word, _ in result)
    assert len(result) == 3  # queen, boy, apple: all the words but a, b and c
    assert [word for word, _ in wv.analogy("king", "queen", "man", top=1)] == ["woman"]
    with pytest.raises(KeyError, match="'prince'"):
        wv.analogy("man", "prince", "woman")


# --- pretty printing ---------------------------------------------------------------------------


def test_format_table_is_aligned_and_rounded():
    rows = [("queen", 0.91234), ("princess", 0.5), ("x", -0.00001)]
    assert format_table(rows) == (
        "word      score\nqueen     0.912\nprincess  0.500\nx         0.000"  # never "-0.000"
    )
    assert format_table(rows[:1], digits=1, headers=("w", "cos")) == "w      cos\nqueen  0.9"
    assert format_table([]) == "word  score"
    with pytest.raises(ValueError, match="digits"):
        format_table(rows, digits=-1)


def test_ranked_words_print_as_a_table_and_compare_as_a_list():
    result = royal_vectors().analogy("king", "queen", "man", top=2)
    assert str(result) == "word   similarity\nwoman       1.000\nboy         0.408"
    assert result == [("woman", pytest.approx(1.0)), ("boy", pytest.approx(1 / math.sqrt(6)))]

    class Printer:  # stands in for IPython's pretty printer
        def __init__(self):
            self.texts = []

        def text(self, text):
            self.texts.append(text)

    printer = Printer()
    result._repr_pretty_(printer, cycle=False)
    assert printer.texts == [str(result)]


# --- saving: .npz ----------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_save_and_load_round_trip_exactly(tmp_path, dtype):
    wv = random_vectors(dtype)
    path = wv.save(tmp_path / "vectors.npz")
    assert path == tmp_path / "vectors.npz"
    assert_identical(WordVectors.load(path), wv)
    assert_identical(WordVectors.load(str(path)), wv)


def test_save_writes_exactly_the_given_path_without_pickle(tmp_path):
    royal_vectors().save(tmp_path / "vectors")  # np.savez alone would append ".npz"
    assert [p.name for p in tmp_path.iterdir()] == ["vectors"]
    with np.load(tmp_path / "vectors", allow_pickle=False) as archive:
        assert sorted(archive.files) == ["format", "vectors", "version", "words"]
        assert archive["words"].dtype.kind == "U"


def write_npz(path, **arrays):
    with open(path, "wb") as file:
        np.savez(file, **arrays)
    return path


GOOD = {
    "format": np.array("edu_w2v.WordVectors"),
    "version": np.array(1),
    "words": np.array(["a", "b"]),
    "vectors": np.ones((2, 3), dtype=np.float32),
}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"format": None}, "missing arrays: format"),
        ({"words": None, "vectors": None}, "missing arrays: vectors, words"),
        ({"format": np.array("gensim.KeyedVectors")}, "not a WordVectors .npz file"),
        ({"format": np.array([1, 2])}, "not a WordVectors .npz file"),
        ({"version": np.array(2)}, "format version 2; this edu_w2v reads version 1"),
        ({"version": np.array("1")}, "version is damaged"),
        ({"words": np.array([["a", "b"]])}, "1-D unicode array"),
        ({"words": np.array([1, 2])}, "1-D unicode array"),
        ({"words": np.array(["a", "b"], dtype=object)}, "Object arrays cannot be loaded"),
        ({"words": np.array(["a", "b", "c"])}, "2 rows but there are 3 words"),
        ({"words": np.array(["a", "a"])}, "'a' appears more than once"),
        ({"vectors": np.ones(2)}, r"shape \(V, H\)"),
        ({"vectors": np.ones((2, 3), dtype=np.int32)}, "float32 or float64"),
        ({"vectors": np.full((2, 3), np.nan)}, "NaN or inf"),
    ],
)
def test_load_rejects_foreign_or_damaged_npz_files(tmp_path, changes, message):
    arrays = {**GOOD, **changes}
    arrays = {name: array for name, array in arrays.items() if array is not None}
    path = write_npz(tmp_path / "bad.npz", **arrays)
    with pytest.raises(ValueError, match=f"cannot load word vectors from .*bad.npz: .*{message}"):
        WordVectors.load(path)


def test_the_good_npz_of_the_corruption_tests_loads(tmp_path):
    wv = WordVectors.load(write_npz(tmp_path / "good.npz", **GOOD))
    assert wv.words == ["a", "b"]


def test_load_rejects_files_that_are_not_zip_archives(tmp_path):
    (tmp_path / "text.npz").write_text("king 1 2 3\n")
    np.save(tmp_path / "array.npy", np.ones((2, 3)))
    (tmp_path / "empty.npz").write_bytes(b"")
    for name in ("text.npz", "array.npy", "empty.npz"):
        with pytest.raises(ValueError, match=f"{name}: not a .npz \\(zip\\) file"):
            WordVectors.load(tmp_path / name)
    with pytest.raises(FileNotFoundError):
        WordVectors.load(tmp_path / "missing.npz")


def test_load_rejects_truncated_or_damaged_archives(tmp_path):
    data = royal_vectors().save(tmp_path / "good.npz").read_bytes()
    (tmp_path / "truncated.npz").write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="truncated.npz: File is not a zip file"):
        WordVectors.load(tmp_path / "truncated.npz")
    damaged = bytearray(data)
    damaged[data.index("queen".encode("utf-32-le"))] ^= 0x01  # "queen" -> "pueen" in words.npy
    (tmp_path / "damaged.npz").write_bytes(bytes(damaged))
    with pytest.raises(ValueError, match="damaged.npz: Bad CRC-32"):
        WordVectors.load(tmp_path / "damaged.npz")


# --- saving: word2vec text format ------------------------------------------------------------


def test_word2vec_format_text(tmp_path):
    wv = WordVectors(["king", "café"], np.array([[1.0, -0.0, 0.1], [1e-8, 2.5, -3]], np.float32))
    path = wv.save_word2vec_format(tmp_path / "vectors.txt")
    assert path.read_text(encoding="utf-8") == (
        "2 3\nking 1 -0 0.100000001\ncafé 9.99999994e-09 2.5 -3\n"
    )


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_word2vec_format_round_trips_exactly(tmp_path, dtype):
    wv = random_vectors(dtype)
    path = wv.save_word2vec_format(tmp_path / "vectors.txt")
    assert_identical(WordVectors.load_word2vec_format(path, dtype=dtype), wv)


def test_word2vec_format_reads_float32_by_default(tmp_path):
    wv = random_vectors(np.float64)
    loaded = WordVectors.load_word2vec_format(wv.save_word2vec_format(tmp_path / "v.txt"))
    assert loaded.vectors.dtype == np.float32
    np.testing.assert_array_equal(loaded.vectors, wv.vectors.astype(np.float32))
    with pytest.raises(TypeError, match="float32 or float64"):
        WordVectors.load_word2vec_format(tmp_path / "v.txt", dtype=np.int64)


def test_word2vec_format_accepts_trailing_spaces_and_blank_lines(tmp_path):
    # the original word2vec C tool ends every line with a space
    (tmp_path / "c.txt").write_text("2 2\nking 1.5 2 \nqueen -1 0.25 \n\n", encoding="utf-8")
    wv = WordVectors.load_word2vec_format(tmp_path / "c.txt", dtype=np.float64)
    assert wv.words == ["king", "queen"]
    np.testing.assert_array_equal(wv.vectors, [[1.5, 2], [-1, 0.25]])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "line 1 must be the header 'V H'"),
        ("king 1 2\n", "line 1 must be the header 'V H'"),
        ("2\nking 1\n", "line 1 must be the header 'V H'"),
        ("0 2\n", "V >= 1 words of H >= 1"),
        ("1 2\nking 1\n", "line 2: expected a word and 2 numbers, got 2 fields"),
        ("1 2\nking 1 2 3\n", "line 2: expected a word and 2 numbers, got 4 fields"),
        ("1 2\nking 1 two\n", r"line 2 \('king'\): could not convert"),
        ("2 2\nking 1 2\n", "announces 2 words but the file has 1"),
        ("1 2\nking 1 2\nqueen 3 4\n", "line 3: more words than the 1 in the header"),
        ("2 2\nking 1 2\nking 3 4\n", "'king' appears more than once"),
        ("1 2\nking nan 2\n", "NaN or inf"),
        ("1 2\nking 1e39 2\n", "NaN or inf"),  # too large for float32
    ],
)
def test_load_word2vec_format_rejects_malformed_files(tmp_path, text, message):
    (tmp_path / "bad.txt").write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=f"bad.txt.*{message}"):
        WordVectors.load_word2vec_format(tmp_path / "bad.txt")


def test_load_word2vec_format_rejects_binary_files(tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"1 2\nking \xff\xfe\x00\x01\x02\x03\x04\x05\n")
    with pytest.raises(ValueError, match="bin.txt is not UTF-8 text"):
        WordVectors.load_word2vec_format(tmp_path / "bin.txt")


# --- atomic saves and the BOM ---------------------------------------------------------------


def _small_vectors(offset: float = 0.0) -> WordVectors:
    return WordVectors(["a", "b", "c"], np.arange(6, dtype=np.float32).reshape(3, 2) + offset)


@pytest.mark.parametrize("method", ["save", "save_word2vec_format"])
@pytest.mark.parametrize("failure", [OSError("disk full"), KeyboardInterrupt()])
def test_a_save_failing_half_way_keeps_the_old_file(tmp_path, monkeypatch, method, failure):
    path = tmp_path / ("v.npz" if method == "save" else "v.txt")
    getattr(_small_vectors(), method)(path)
    before = path.read_bytes()

    def fail_half_way(file, *args, **kwargs):  # np.savez: some bytes, then the failure
        file.write(b"PK half a zip")
        raise failure

    def rows_then_failure(*iterables, strict=False):  # the text writer: one row, then failure
        yield next(iter(builtins.zip(*iterables, strict=strict)))
        raise failure

    if method == "save":
        monkeypatch.setattr(np, "savez", fail_half_way)
    else:
        monkeypatch.setattr("edu_w2v.word_vectors.zip", rows_then_failure, raising=False)
    with pytest.raises(type(failure)):
        getattr(_small_vectors(offset=10.0), method)(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no fragment left


def test_saves_replace_the_old_file_and_keep_normal_permissions(tmp_path):
    path = tmp_path / "v.npz"
    _small_vectors().save(path)
    _small_vectors(offset=10.0).save(path)
    assert WordVectors.load(path).vectors[0, 0] == 10.0
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["v.npz"]


def test_word2vec_text_with_a_bom_loads(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff2 2\nx 1 2\ny 3 4\n".encode())
    vectors = WordVectors.load_word2vec_format(path)
    assert vectors.words == ["x", "y"]
    np.testing.assert_array_equal(vectors["y"], [3, 4])


def test_neighbour_agreement_is_one_for_the_same_vectors_and_falls_as_they_drift():
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(300)]
    base = rng.standard_normal((300, 20))
    wv = WordVectors(words, base)
    assert wv.neighbour_agreement(WordVectors(words, base.copy()), n=100) == 1.0
    agreements = [
        wv.neighbour_agreement(
            WordVectors(words, base + noise * rng.standard_normal(base.shape)), n=300
        )
        for noise in (0.05, 0.5, 5.0)
    ]
    assert all(type(a) is float for a in agreements)
    assert 1.0 >= agreements[0] > agreements[1] > agreements[2] >= 0.0
    # the first word's 2 nearest by hand
    unit = base / np.linalg.norm(base, axis=1, keepdims=True)
    cosines = unit[1:] @ unit[0]
    first_two = set(np.argsort(-cosines)[:2] + 1)
    swapped = base.copy()
    swapped[sorted(first_two)[0]] = -base[sorted(first_two)[0]]  # one neighbour moves away
    assert wv.neighbour_agreement(WordVectors(words, swapped), n=1, top=2) == 0.0


def test_neighbour_agreement_needs_the_same_words_and_sensible_sizes():
    wv = royal_vectors()
    with pytest.raises(ValueError, match="same words"):
        wv.neighbour_agreement(WordVectors(WORDS[::-1], np.array(VECTORS, dtype=float)))
    with pytest.raises(TypeError, match="WordVectors"):
        wv.neighbour_agreement(np.array(VECTORS))
    with pytest.raises(ValueError, match="n <= 6"):
        wv.neighbour_agreement(wv, n=7)
    with pytest.raises(ValueError, match="top < 6"):
        wv.neighbour_agreement(wv, n=2, top=6)
