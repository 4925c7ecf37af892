"""Hostile and careless inputs, each built at any size: what a paste, a log or an attacker sends.

Each case names the workspace document it lands in and builds its text at about ``size`` bytes.
The linear-time test and ``bench/hostile.py`` share this catalogue.
"""

from __future__ import annotations

import base64
import random
from collections.abc import Callable
from dataclasses import dataclass

from generators.read.workspace import ARCHITECTURE, ERD, PRD


@dataclass(frozen=True)
class Case:
    """One hostile input: where it goes and how to build ``size`` bytes of it."""

    name: str
    document: str
    build: Callable[[int], str]


def _repeat(unit: str, size: int, head: str = "", tail: str = "") -> str:
    return head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail


def _fenced(info: str, body: str) -> str:
    return f"# Data model\n\n```{info}\n{body}\n```\n"


def _stories(size: int) -> str:
    unit = (
        "| US-{n}.1 | guest | cancel my booking and see available tables, e.g. at 7 vs. 8 p.m. | plan | S |\n"
    )
    head = (
        "# PRD\n\n## User Stories\n\n| ID | As a… | I want to… | So I can… | Size |\n|---|---|---|---|---|\n"
    )
    rows = [unit.replace("{n}", str(n)) for n in range(max(1, size // len(unit)))]
    return head + "".join(rows)


def _erd_chain(size: int) -> str:
    count = max(2, size // 80)
    lines = [f"  E{n} ||--o{{ E{n + 1} : has" for n in range(count)]
    blocks = [f"  E{n} {{\n    uuid id PK\n  }}" for n in range(count + 1)]
    return "```mermaid\nerDiagram\n" + "\n".join(lines + blocks) + "\n```\n"


def _nested_lists(size: int) -> str:
    depth = 40
    item = "".join("  " * level + "- item text\n" for level in range(depth))
    return _repeat(item, size, "# Features\n\n")


def _base64(size: int) -> str:
    rng = random.Random(7)
    return "# Attachment\n\n" + base64.b64encode(rng.randbytes(size * 3 // 4)).decode()


CASES = (
    Case("one long word", PRD, lambda n: "# PRD\n\nAs a " + "a" * n),
    Case("spaces after a class header", ARCHITECTURE, lambda n: _fenced("ts", "class A extends B" + " " * n)),
    Case(
        "spaces in an interface",
        ARCHITECTURE,
        lambda n: _fenced("typescript", "interface A {" + " a" * (n // 2)),
    ),
    Case("open braces in code", ARCHITECTURE, lambda n: _fenced("kotlin", "data class A(" * (n // 13))),
    Case(
        "SQL without a closing parenthesis",
        ARCHITECTURE,
        lambda n: _fenced("sql", "CREATE TABLE t (" + "a int, " * (n // 7)),
    ),
    Case(
        "prisma model without a brace",
        ARCHITECTURE,
        lambda n: _fenced("prisma", "model A {\n" + "  a String\n" * (n // 12)),
    ),
    Case("headings", PRD, lambda n: _repeat("## Heading\n", n)),
    Case("nested lists", PRD, _nested_lists),
    Case("alternating backticks", PRD, lambda n: _repeat("`a``b", n, "# PRD\n\n")),
    Case("an unclosed fence", PRD, lambda n: _repeat("line of text inside\n", n, "# PRD\n\n```json\n")),
    Case("a wide table", PRD, lambda n: "| a " * (n // 4) + "|\n" + "|---" * (n // 4) + "|\n"),
    Case("a long table", PRD, lambda n: "| Field | Type |\n|---|---|\n" + _repeat("| a_b | string |\n", n)),
    Case("a story table", PRD, _stories),
    Case(
        "stories in prose",
        PRD,
        lambda n: _repeat("As a user, I want to add a note and view it, so I can. ", n, "# PRD\n\n"),
    ),
    Case("story without a verb", PRD, lambda n: "As a " + "user, " * (n // 6) + "I want"),
    Case("an ERD chain", ERD, _erd_chain),
    Case(
        "ERD attribute with a long comment",
        ERD,
        lambda n: '```mermaid\nerDiagram\n  A {\n    string a "' + "x" * n + "\n  }\n```\n",
    ),
    Case(
        "ERD relation without a target",
        ERD,
        lambda n: "```mermaid\nerDiagram\n" + _repeat("  A ||--o{ ", n) + "\n```\n",
    ),
    Case("a long URL", PRD, lambda n: "# PRD\n\nSee https://example.com/" + "a/b?c=d&" * (n // 8)),
    Case("base64", PRD, _base64),
    Case(
        "minified code", ARCHITECTURE, lambda n: _fenced("js", _repeat("function a(b){return b.c(d,e)};", n))
    ),
    Case("pipes", PRD, lambda n: "|" * n),
    Case("colons and commas", PRD, lambda n: _repeat("Users: id, ", n, "# Data model\n\n")),
    Case("relationship words", PRD, lambda n: _repeat("each user has many ", n, "# Data model\n\n")),
    Case("arrows", PRD, lambda n: _repeat("User -> ", n, "# Data model\n\n- ")),
    Case("tree branches", ARCHITECTURE, lambda n: "```\nusers\n" + _repeat("├── id (PK) ← ", n) + "\n```\n"),
    Case("JSON nested deep", ARCHITECTURE, lambda n: _fenced("json", "[" * (n // 2) + "]" * (n // 2))),
    Case("HTML", PRD, lambda n: _repeat("<div><!-- a ", n)),
    Case(
        "plain-text field lines",
        ARCHITECTURE,
        lambda n: _repeat("name (str) — a note\n\n", n, "1.1 User\n\n"),
    ),
    Case("comma field lines", ARCHITECTURE, lambda n: _repeat("a (b), c_d (e),\n", n, "1.1 User\n")),
    Case("one long comma line", ARCHITECTURE, lambda n: "1.1 User\n" + "a (b), " * (n // 7)),
    Case("unclosed parentheses", ARCHITECTURE, lambda n: "1.1 User\n" + _repeat("a (", n)),
    Case("model definition lines", PRD, lambda n: _repeat("Thing:\n\nHolds a thing.\n", n, "Core Models\n")),
    Case("full-width headings", PRD, lambda n: _repeat("#### a_b（x）\n- c（d）\n", n)),
    Case(
        "records in an open JSON fence",
        ARCHITECTURE,
        lambda n: "## A\n\n```json\n" + _repeat('## B record\n{"id": 1, "a": "x"}\n', n),
    ),
    Case("unclosed records in an open fence", ARCHITECTURE, lambda n: "```json\n" + _repeat("# A\n{\n", n)),
    Case("a collection line of spaces", ARCHITECTURE, lambda n: "```json\n# A\ncollection" + " " * n),
    Case("unclosed Java classes", ARCHITECTURE, lambda n: _fenced("java", "public class A {\n" * (n // 16))),
    Case(
        "Java fields",
        ARCHITECTURE,
        lambda n: _fenced("java", "class A {\n" + _repeat("@Id private X x;\n", n)),
    ),
    Case(
        "Python classes",
        ARCHITECTURE,
        lambda n: _fenced("python", _repeat("class A(Base):\n    a: int\n", n)),
    ),
    Case("Go structs", ARCHITECTURE, lambda n: _fenced("go", "type A struct {" * (n // 15))),
    Case("prose verbs", PRD, lambda n: _repeat("je souhaite créer un trajet et un lieu, ", n)),
    Case("visibility words", PRD, lambda n: _repeat("drafts are invisible to students, visible only to ", n)),
    Case("visibility words without a stop", PRD, lambda n: "a b " + "é" * (n // 3) + " only see x y z"),
    Case(
        "an authorization table",
        ARCHITECTURE,
        lambda n: (
            "| Capability | A | B |\n|---|---|---|\n"
            + _repeat("| create/manage own listings, a/b/c, d; e | ✅ (owner) | – |\n", n)
        ),
    ),
)
