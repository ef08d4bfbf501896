"""Grading one stage of a check (the classroom kit's graded cells): pass, fail with its hint,
not run after an earlier failure or a crash, never a stage the checker does not have."""

from __future__ import annotations

import numpy as np
import pytest
from test_checks import CrashingEmbedding, _raise, skeleton_of
from wrong_layers import LossBackwardWithoutMean, LossWithoutSigmoid

import edu_w2v
import edu_w2v.checks as checks
from edu_w2v import Embedding, SigmoidWithLoss, language
from edu_w2v.checks.grading import graded_stage
from edu_w2v.checks.guard import StudentCodeError

SkeletonLoss = skeleton_of(SigmoidWithLoss, ["forward", "backward"], _raise)
SkeletonSampler = skeleton_of(edu_w2v.UnigramSampler, ["__init__", "get_negative_sample"], _raise)


@pytest.fixture(autouse=True)
def fresh_session():
    """Nothing seen yet, as in a fresh kernel."""
    checks.forget_hints()
    yield
    checks.forget_hints()
    language.set_language("en")


def stage(cls: type, name: str, check=checks.check_sigmoid_with_loss):
    return graded_stage(check, cls, stage=name)


def test_every_stage_of_a_right_layer_passes_and_prints_nothing(capsys):
    for name in ["forward", "backward", "gradient check"]:
        grade = stage(SigmoidWithLoss, name)
        assert grade.passed, grade
        assert str(grade).strip().startswith(f"PASS  {name}: ")
    assert capsys.readouterr().out == ""  # the check cell above shows the verdict


def test_a_failed_stage_says_its_diagnosis_and_its_fix_on_the_first_run():
    assert stage(LossBackwardWithoutMean, "forward").passed
    checks.forget_hints()  # a first run: the check cell would hold the fix back
    grade = stage(LossBackwardWithoutMean, "backward")
    assert not grade.passed
    text = str(grade)
    assert text.startswith("\n  FAIL  backward: mean vs sum: backward forgets the 1/N of the mean")
    assert "got -0.119203, expected -0.029801" in " ".join(text.split())
    assert text.endswith("hint: dx = (y - t) * dout / N")


def test_a_stage_after_a_failed_one_is_not_run_and_earns_nothing():
    grade = stage(LossWithoutSigmoid, "backward")
    assert not grade.passed
    assert str(grade).strip() == "----  backward: not run: fix forward first"


def test_a_skeleton_passes_no_stage():
    grades = [stage(SkeletonLoss, name) for name in ["forward", "backward", "gradient check"]]
    assert not any(grade.passed for grade in grades)
    assert str(grades[0]).strip().startswith("TODO  forward: not implemented yet: write forward")
    assert str(grades[2]).strip() == "----  gradient check: not run yet"


def test_a_crash_earns_nothing_from_its_stage_on_and_says_where():
    assert stage(CrashingEmbedding, "forward", checks.check_embedding).passed
    crashed = stage(CrashingEmbedding, "backward", checks.check_embedding)
    assert not crashed.passed
    assert str(crashed).strip().startswith("CRASH backward: your CrashingEmbedding.backward(dout)")
    later = stage(CrashingEmbedding, "gradient check", checks.check_embedding)
    assert not later.passed
    assert " ".join(str(later).split()).startswith(
        "---- gradient check: not run: your code crashed in backward (your CrashingEmbedding"
    )


def test_a_crash_outside_a_checkers_stages_is_raised():
    def check_that_crashes(cls):
        raise StudentCodeError(language.Message("crashed", "崩溃"))

    with pytest.raises(StudentCodeError):
        graded_stage(check_that_crashes, Embedding, stage="forward")


def test_a_stage_the_checker_does_not_have_is_an_error_naming_its_stages():
    with pytest.raises(ValueError, match="no stage 'forwards'; its stages: forward, backward, "):
        stage(SigmoidWithLoss, "forwards")


def test_a_derivation_is_graded_by_its_functions_name():
    def dL_ds(s, t):  # noqa: N802 - the exercise's name
        return s - t  # the sigmoid forgotten

    grade = graded_stage(checks.check_derivations, stage="dL_ds", dL_ds=dL_ds)
    assert not grade.passed
    assert "FAIL  dL_ds: " in str(grade) and "hint: " in str(grade)


def test_in_the_chinese_edition_the_stage_is_named_in_english_and_told_in_chinese():
    language.set_language("zh")
    grade = stage(LossWithoutSigmoid, "gradient check")
    assert str(grade).strip() == "----  梯度确认：未运行：先改好“forward”"


def test_a_stage_the_checker_stopped_before_is_not_run_and_says_what_to_fix_first():
    """The sampler's check leaves out the stages after a TODO; a graded cell still says why."""
    grade = graded_stage(checks.check_unigram_sampler, SkeletonSampler, stage="distinct")
    assert not grade.passed
    assert str(grade).strip() == "----  distinct: not run yet"  # as its check says the others'


class SamplerWithRepeats(edu_w2v.UnigramSampler):
    def get_negative_sample(self, target):
        return np.repeat(super().get_negative_sample(target)[:, :1], self.sample_size, axis=1)


def test_a_stage_after_a_failed_check_inside_a_stage_names_that_check():
    """The sampler's stage get_negative_sample checks three things; the FAIL names which."""
    grade = graded_stage(checks.check_unigram_sampler, SamplerWithRepeats, stage="reproducible")
    assert str(grade).strip() == "----  reproducible: not run: fix distinct first"


def test_the_samplers_distribution_after_a_failed_row_check_names_that_check():
    grade = graded_stage(checks.check_unigram_sampler, SamplerWithRepeats, stage="distribution")
    assert str(grade).strip() == "----  distribution: not run: fix distinct first"
