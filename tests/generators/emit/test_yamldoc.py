"""The YAML writer: PyYAML reads back exactly the tree that was written."""

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


def test_remembered_documents_tell_key_order_and_types_apart() -> None:
    """A document written before is not written again, and a near copy is not taken for it."""
    first = yamldoc.dump({"b": 1, "a": "1"})
    assert yamldoc.dump({"b": 1, "a": "1"}) is first
    assert yamldoc.dump({"a": "1", "b": 1}) == 'a: "1"\nb: 1\n'
    assert yamldoc.dump({"b": "1", "a": "1"}) == 'b: "1"\na: "1"\n'
    assert yamldoc.dump({"b": 1.0, "a": "1"}) != first
