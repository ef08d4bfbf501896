"""The bundled Tang poems (edu_w2v.datasets.load_tang_poems) and scripts/build_tang_corpus.py."""

import gzip
import io
import json
import shutil
import subprocess
import sys
import tarfile
from importlib import resources
from pathlib import Path

import pytest
from helpers import ROOT, built_twice_the_same, load_script

from edu_w2v import datasets
from edu_w2v.datasets import load_tang_poems, load_tang_vectors
from edu_w2v.preprocessing import build_corpus, tokenize

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "chinese-poetry"
# Common characters whose traditional form differs from the simplified one.
TRADITIONAL = "雲風無東國與為爲來時長門見說話過還書鳥馬魚龍頭鄉"
SIMPLIFIED = "云风无东国与为为来时长门见说话过还书鸟马鱼龙头乡"
PUNCTUATION = set("，。？！：、《》")  # all that the source's poems use, apart from "□"

# ---------------------------------------------------------------- bundled Tang poems


@pytest.fixture(scope="module")
def poems() -> str:
    return load_tang_poems()


def test_tang_poems_have_one_poem_per_line(poems):
    lines = poems.splitlines()
    assert len(lines) == 49_266  # the 50,129 poems of 全唐诗 less 863 duplicates
    assert poems.endswith("\n") and all(lines)
    assert len(set(lines)) == len(lines)
    assert len(poems) - len(lines) == 3_031_033
    assert lines[0] == FIXTURE_LINES[0]  # 太宗皇帝, 帝京篇十首 一
    assert lines[-1] == FIXTURE_LINES[-1]  # 李嶠, 素: the last poem before the supplements


def test_tang_poems_are_in_simplified_characters(poems):
    assert len(TRADITIONAL) == len(SIMPLIFIED)
    for traditional, simplified in zip(TRADITIONAL, SIMPLIFIED, strict=True):
        assert traditional not in poems or traditional == simplified, traditional
        assert simplified in poems, simplified


def test_tang_poems_are_han_characters_and_punctuation(poems):
    others = {character for character in poems if not character.isalpha()}
    assert others == PUNCTUATION | {"□", "\n"}  # no brackets, notes, digits, Latin letters
    tokens = tokenize(poems)
    assert len(tokens) == sum(character.isalpha() for character in poems) == 2_570_107
    assert all(len(token) == 1 for token in tokens)  # one Han character, one token


def test_tang_poems_contain_known_poems(poems):
    lines = poems.splitlines()
    assert "床前看月光，疑是地上霜。举头望山月，低头思故乡。" in lines  # 李白, 静夜思
    assert "床前明月光" not in poems  # 唐诗三百首's version, not 全唐诗's
    assert lines.count("云想衣裳花想容，春风拂槛露华浓。若非群玉山头见，会向瑶台月下逢。") == 1
    assert "国破山河在，城春草木深。感时花溅泪，恨别鸟惊心。" in poems  # 杜甫, 春望
    assert "寧知猗（椅）" not in poems and "〖1〗" not in poems  # nothing of the supplements


def test_tang_poems_vocabulary_and_its_bundled_vectors(poems):
    ids, vocabulary = build_corpus(poems, min_count=5)
    assert 5_500 < len(vocabulary) < 6_000
    assert vocabulary.words[:5] == ["不", "人", "山", "无", "风"]
    assert vocabulary.counts.sum() == ids.size
    vectors = load_tang_vectors()  # TANG_VECTORS_RECIPE's vocabulary (min_count 5), in its order
    assert vectors.words == vocabulary.words and vectors.vectors.shape == (5_714, 100)


def test_bundled_tang_vectors_have_learnt_something():
    vectors = load_tang_vectors()
    assert {"峰", "岭"} <= {word for word, _ in vectors.most_similar("山", top=5)}
    assert "秋" in [word for word, _ in vectors.most_similar("春", top=3)]
    assert vectors.similarity("酒", "醪") > vectors.similarity("酒", "山")


def test_bundled_tang_poems_size():
    # gzipped with a fixed header like the WordNet glosses: tests/test_datasets.py
    data = (resources.files("edu_w2v") / "data" / datasets.TANG_POEMS).read_bytes()
    assert len(data) == 4_976_752


def test_bundled_tang_licence_is_present(build_script):
    licence = (resources.files("edu_w2v") / "data" / "CHINESE_POETRY_LICENSE").read_text("utf-8")
    assert licence.startswith(build_script.LICENSE_PREAMBLE)
    assert "The MIT License (MIT)\n\nCopyright (c) 2016 JackeyGao" in licence
    _, rebuilt = build_script.read_source(FIXTURE)  # the fixture's LICENSE is the package's
    assert licence == rebuilt


def test_loading_the_poems_never_needs_opencc():
    # the corpus ships converted: only scripts/build_tang_corpus.py imports opencc
    code = (
        "import sys; from edu_w2v.datasets import load_tang_poems; load_tang_poems(); "
        "assert 'opencc' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
    assert not [p for p in (ROOT / "edu_w2v").rglob("*.py") if "opencc" in p.read_text("utf-8")]


# ---------------------------------------------------------------- scripts/build_tang_corpus.py
# The real rebuild needs the npm package chinese-poetry 2.0.1 (85 MB): run
#     python scripts/build_tang_corpus.py --check
# These tests run the same code on tests/fixtures/chinese-poetry, a copy of the package's layout
# with a few of its poems: poet.tang.0.json (the first two poems of the package, and 李賀's with
# "[縚]" and "●●"), 8000 (李白: 清平調詞 一, 靜夜思, 秋浦歌 十一 with its variant readings),
# 13000 (顧況's with "囗囗囗囗囗"), 49000 (清平調 一 again, 溫庭筠's with "{罒/彔}", and an entry
# without paragraphs, made up for the test), 50000 (the last poem of 全唐诗, then two of the
# supplements), and poet.song.0.json, which is not read.

FIXTURE_LINES = [
    "秦川雄帝宅，函谷壮皇居。绮殿千寻起，离宫百雉余。连甍遥接汉，飞观迥凌虚。云日隐层阙，风烟出绮疎。",
    "爽节在重九，物华新雨余。清秋黄叶下，菊散金潭初。万实行就稔，百工欣所如。"
    "欢心畅遐迩，殊俗同车书。至化自敦睦，佳辰宜宴胥。锵锵间丝竹，济济罗簪裾。此乐匪足耽，此诚期永孚。",
    "剪翅小鹰斜，縚根玉旋花。秋垂妆钿粟，箭箙钉文牙。□□啼深竹，䴔䴖老湿沙。宫官烧蜡火，飞烬汚铅华。",
    "云想衣裳花想容，春风拂槛露华浓。若非群玉山头见，会向瑶台月下逢。",
    "床前看月光，疑是地上霜。举头望山月，低头思故乡。",
    "逻人横鸟道，江祖出鱼梁。水急客舟疾，山花拂面香。",
    "昔别吴堤雨，春帆去较迟。江波千里绿，□□□□□。",
    "雨晴夜合玲珑日，万枝香袅红丝拂。闲梦忆金堂，满庭萱草长。绣帘垂□𦌉，眉黛远山绿。春水渡溪桥，凭阑魂欲消。",
    "濯手天津女，纤腰洛浦妃。鱼肠远方至，鴈足上林飞。妙夺鲛绡色，光腾月扇辉。非君下路去，谁赏故人机。",
]


@pytest.fixture(scope="module")
def build_script():
    return load_script("scripts/build_tang_corpus.py")


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("雲想衣裳花想容", "云想衣裳花想容"),
        ("牀前看月光，疑是地上霜。", "床前看月光，疑是地上霜。"),
        ("舉頭望山月，低頭思故鄉。", "举头望山月，低头思故乡。"),
        ("東風無力百花殘", "东风无力百花残"),
        ("爲", "为"),
    ],
)
def test_build_script_converts_to_simplified_characters(build_script, traditional, simplified):
    assert build_script.convert(traditional) == simplified


def test_build_script_refuses_another_opencc(build_script, monkeypatch):
    monkeypatch.setattr(build_script.metadata, "version", lambda name: "1.4.1")
    build_script.converter.cache_clear()
    try:
        with pytest.raises(ImportError, match=r"opencc 1\.4\.1 is installed.*opencc==1\.4\.2"):
            build_script.convert("雲")
    finally:
        build_script.converter.cache_clear()


@pytest.mark.parametrize(
    ("source", "cleaned"),
    [
        ("邏人（一作「叉」）橫鳥道，江祖出魚梁。", "邏人橫鳥道，江祖出魚梁。"),  # variant reading
        ("[爽]節在重九，物華新雨餘。", "爽節在重九，物華新雨餘。"),  # supplied by an editor
        ("繡簾垂{罒/彔}𦌉，", "繡簾垂□𦌉，"),  # a character Unicode cannot write
        ("●●啼深竹，", "□□啼深竹，"),
        ("江波千里綠，囗囗囗囗囗。", "江波千里綠，□□□□□。"),
        ("\ue829身思狡兔，", "□身思狡兔，"),  # private use
        ("⿰木養深黃狖小，", "□深黃狖小，"),  # ideographic description sequence
        ("拭淚聽猿嗁/。", "拭淚聽猿嗁。"),  # typing slip
        ("杖策聊□□。", "杖策聊□□。"),  # the source's own mark stays
    ],
)
def test_build_script_cleans_the_source(build_script, source, cleaned):
    assert build_script.clean(source) == cleaned


@pytest.mark.parametrize("source", ["一作（未閉", "兩 字", "行\n行", "[爽", "{罒/彔"])
def test_build_script_stops_on_what_it_cannot_clean(build_script, source):
    with pytest.raises(ValueError, match="cleaning left"):
        build_script.clean(source)


def test_build_script_reads_poems_and_licence(build_script):
    corpus, licence = build_script.read_source(FIXTURE)
    # Files in the order of their numbers (0, 8000, 13000, 49000, 50000: in the order of
    # their names, 50000 would come before 8000); the duplicate 清平調 and the empty entry
    # dropped; nothing from 題梵書（伯三九八六）, the supplements' first poem, on.
    assert corpus.splitlines() == FIXTURE_LINES
    assert corpus.endswith("\n")
    assert licence.startswith(build_script.LICENSE_PREAMBLE)
    assert "Copyright (c) 2016 JackeyGao" in licence
    assert licence.endswith("OTHER DEALINGS IN\nTHE SOFTWARE.\n")


def test_build_script_output_is_byte_for_byte_reproducible(build_script, tmp_path, capsys):
    out, licence = tmp_path / "corpus.txt.gz", tmp_path / "LICENSE"
    arguments = ["--package", str(FIXTURE), "--out", str(out), "--license-out", str(licence)]
    first = built_twice_the_same(build_script, arguments, out)
    assert gzip.decompress(first).decode("utf-8").splitlines() == FIXTURE_LINES

    out.write_bytes(load_script("scripts/bundled_corpus.py").compress("something else\n"))
    assert build_script.main([*arguments, "--check"]) == 1
    assert "MISMATCH" in capsys.readouterr().err


def fixture_tarball(path: Path) -> Path:
    """The fixture packed as npm packs a package: every file under "package/"."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        archive.add(FIXTURE, arcname="package")
    path.write_bytes(buffer.getvalue())
    return path


def test_build_script_reads_a_tarball_with_the_right_integrity(build_script, tmp_path):
    tarball = fixture_tarball(tmp_path / "chinese-poetry-2.0.1.tgz")
    integrity = build_script.integrity_of(tarball.read_bytes())
    assert build_script.read_source(tarball, integrity) == build_script.read_source(FIXTURE)


def test_build_script_rejects_a_tarball_with_another_integrity(build_script, tmp_path, capsys):
    tarball = fixture_tarball(tmp_path / "chinese-poetry-2.0.1.tgz")
    assert build_script.main(["--package", str(tarball), "--check"]) == 2
    error = capsys.readouterr().err
    assert "is not chinese-poetry@2.0.1 as published: its integrity is sha512-" in error
    assert build_script.PACKAGE_INTEGRITY in error


def test_build_script_integrity_is_npms(build_script):
    # the Subresource Integrity string of the empty file, as npm writes it
    assert build_script.integrity_of(b"") == (
        "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg=="
    )


def test_build_script_explains_missing_package(build_script, tmp_path, capsys):
    assert build_script.main(["--package", str(tmp_path / "missing.tgz"), "--check"]) == 2
    error = capsys.readouterr().err
    assert "chinese-poetry@2.0.1 not found at" in error
    assert "npm pack chinese-poetry@2.0.1" in error


def test_build_script_checks_the_version(build_script, tmp_path, capsys):
    package = tmp_path / "chinese-poetry"
    shutil.copytree(FIXTURE, package)
    manifest = json.loads((package / "package.json").read_text(encoding="utf-8"))
    manifest["version"] = "2.0.0"
    (package / "package.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert build_script.main(["--package", str(package), "--check"]) == 2
    assert "holds chinese-poetry@2.0.0, not chinese-poetry@2.0.1" in capsys.readouterr().err


def test_build_script_needs_the_supplements_first_poem(build_script):
    first_file = (FIXTURE / "dist" / "quantangshi" / "poet.tang.0.json").read_bytes()
    with pytest.raises(ValueError, match="where the supplements begin"):
        build_script.build_corpus([first_file])


def test_build_script_without_npm_says_how_to_get_the_package(build_script, monkeypatch, capsys):
    monkeypatch.setattr(build_script.shutil, "which", lambda name: None)
    assert build_script.main(["--check"]) == 2
    error = capsys.readouterr().err
    assert "npm not found, so chinese-poetry@2.0.1 cannot be fetched" in error
    assert "npm pack chinese-poetry@2.0.1" in error
