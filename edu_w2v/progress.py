"""The progress bar of long work (training): how it looks and how often it draws."""

from __future__ import annotations

from tqdm.auto import tqdm


def progress_bar(total: int, disable: bool = False, unit: str = " targets") -> tqdm:
    """A progress bar over ``total`` units (targets, for training)."""
    return tqdm(total=total, unit=unit, unit_scale=True, disable=disable)
