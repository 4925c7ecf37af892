"""The YAML of the OpenAPI document: PyYAML reads back exactly the tree that was written."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from generators.emit import yamldoc

_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
_TRICKY = st.sampled_from(
    ["yes", "no", "on", "null", "3.1.0", "200", "a: b", "#x", " lead", "trail ", "-", "[x]", "A\n"]
)
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), _TEXT, _TRICKY)
_TREES = st.recursive(
    _SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12), children, max_size=4
        ),
    ),
    max_leaves=25,
)


@given(
    st.dictionaries(
        st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12),
        _TREES,
        min_size=1,
        max_size=5,
    )
)
@example({"0": "A\n", "key\n": "plain"})  # a regex's $ matches before a final newline
def test_round_trip(tree: dict[str, Any]) -> None:
    """Whatever JSON-like tree is written, PyYAML's safe loader reads the same tree back."""
    assert yaml.safe_load(yamldoc.dump(tree)) == tree


def test_line_separators_and_control_characters_cannot_escape_a_string() -> None:
    """Line breaks YAML knows (NEL, U+2028) and characters it refuses stay inside one value."""
    tree = {"title": "a\u2028b: injected\x85c\x00d\x1be\ufffe", "version": "1.0.0"}
    text = yamldoc.dump(tree)
    assert yaml.safe_load(text) == tree
    assert len(text.splitlines()) == 2
