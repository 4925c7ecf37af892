"""Pure functions of text are remembered for short texts only, and for a bounded number."""

from __future__ import annotations

from generators import memo


def test_short_texts_are_remembered_long_ones_computed_each_time() -> None:
    calls: list[str] = []

    @memo.of_text(maxsize=2, longest=5)
    def upper(text: str) -> str:
        calls.append(text)
        return text.upper()

    assert [upper("ab"), upper("ab"), upper("abcdef"), upper("abcdef")] == ["AB", "AB", "ABCDEF", "ABCDEF"]
    assert calls == ["ab", "abcdef", "abcdef"]
    upper("cd")
    upper("ef")  # the third short text: "ab", the least recently used, is forgotten
    upper("ab")
    assert calls[-3:] == ["cd", "ef", "ab"]
    assert upper.__name__ == "upper"
