"""The cycle collector is paused inside a large check and back as it was after it, even on
error; a small check changes nothing, nor does a check run with the collector paused (a
worker's job: the worker collects after its reply)."""

from __future__ import annotations

import gc

import pytest

from coopgraph.validation.collector import LARGE, collector_paused


def _fail_paused() -> None:
    with collector_paused():
        assert not gc.isenabled()
        raise ValueError("inside")


def test_paused_inside_and_back_after_even_on_error() -> None:
    assert gc.isenabled()
    with pytest.raises(ValueError, match="inside"):
        _fail_paused()
    assert gc.isenabled()


def test_left_off_when_it_was_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_check_in_a_paused_collector_does_not_collect() -> None:
    heard: list[str] = []

    def note(phase: str, _info: dict[str, int]) -> None:
        heard.append(phase)

    gc.disable()
    gc.callbacks.append(note)
    try:
        with collector_paused():
            assert not gc.isenabled()
    finally:
        gc.callbacks.remove(note)
        gc.enable()
    assert heard == []


def test_nested_checks_leave_it_on_when_the_outer_ends() -> None:
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_small_check_leaves_it_as_it_is() -> None:
    with collector_paused(LARGE - 1):
        assert gc.isenabled()
    assert gc.isenabled()
