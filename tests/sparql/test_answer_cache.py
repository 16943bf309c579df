"""The per-process answer cache: bounded by bytes, least recently used out first."""

from __future__ import annotations

from server.sparql.answer_cache import AnswerCache


def test_a_stored_answer_is_returned_and_counted_as_a_hit() -> None:
    cache: AnswerCache[str] = AnswerCache(max_bytes=100)
    assert cache.get("a") is None
    cache.put("a", "answer", 10)
    assert cache.get("a") == "answer"
    assert (cache.hits, cache.misses) == (1, 1)


def test_the_least_recently_used_answer_leaves_first() -> None:
    cache: AnswerCache[str] = AnswerCache(max_bytes=100)
    for key in "abcd":
        cache.put(key, key, 25)
    cache.get("a")  # now the most recent
    cache.put("e", "e", 25)
    assert cache.get("b") is None
    assert cache.get("a") == "a" and cache.get("e") == "e"


def test_an_answer_over_a_quarter_of_the_budget_is_not_kept() -> None:
    cache: AnswerCache[str] = AnswerCache(max_bytes=100)
    cache.put("big", "x", 26)
    assert cache.get("big") is None


def test_a_zero_budget_keeps_nothing() -> None:
    cache: AnswerCache[str] = AnswerCache(max_bytes=0)
    cache.put("a", "a", 1)
    assert len(cache) == 0
