"""The readers: Markdown sections, Mermaid ERDs, PRD stories and roles, stack hints."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generators.model import FieldType
from generators.read import markdown, prd, stack
from generators.read.datamodel import erd
from generators.read.datamodel.collect import Collected
from generators.read.markdown import BulletList, Fence, Table


def test_markdown_sections_nest_and_fenced_hash_lines_are_not_headings() -> None:
    """A `#` line inside a fence stays code; deeper headings become children."""
    root = markdown.parse(
        "# Title\n\nIntro.\n\n## Setup\n\n```bash\n# install\nnpm i\n```\n\n### Deep\n\n- a\n- b\n\n"
        "| Name | Type |\n|---|---|\n| id | uuid |\n"
    )
    titles = [(s.level, s.title) for s in root.walk()]
    assert titles == [(0, ""), (1, "Title"), (2, "Setup"), (3, "Deep")]
    setup = root.children[0].children[0]
    assert isinstance(setup.blocks[0], Fence)
    assert setup.blocks[0].text.startswith("# install")
    deep = setup.children[0]
    assert isinstance(deep.blocks[0], BulletList)
    assert [i.text for i in deep.blocks[0].items] == ["a", "b"]
    assert isinstance(deep.blocks[1], Table)
    assert deep.blocks[1].rows == (("id", "uuid"),)


def test_markdown_trees_are_frozen_so_no_reader_can_change_them() -> None:
    """Every reader gets the same tree of a document: none can change it for the next."""
    root = markdown.parse("# Title\n\n- a\n\n## Part\n\nText.\n")
    with pytest.raises(dataclasses.FrozenInstanceError):
        root.children[0].title = "Changed"  # type: ignore[misc]
    assert isinstance(root.children[0].blocks, tuple)
    assert isinstance(root.children[0].children, tuple)


def test_erd_reads_cardinalities_keys_comments_and_enums() -> None:
    """Every marker pair maps to its ends; PK/FK/UK, comments and enum values are kept."""
    diagram = Collected()
    erd.parse(
        """erDiagram
    CUSTOMER ||--o{ ORDER : places
    ORDER }|..|{ PRODUCT : contains
    PERSON |o--|| PASSPORT : holds
    EMPLOYEE |o--o{ EMPLOYEE : manages
    ORDER {
        uuid id PK
        uuid customer_id FK "the buyer"
        string code UK
        string status "pending | paid | shipped"
        decimal total
        string note "optional"
    }
""",
        "arch.md",
        diagram,
    )
    ends = [(r.left, r.right, r.left_end, r.right_end, r.identifying) for r in diagram.relationships]
    assert ends == [
        ("Customer", "Order", "one", "many", True),
        ("Order", "Product", "one_or_more", "one_or_more", False),
        ("Person", "Passport", "zero_or_one", "one", True),
        ("Employee", "Employee", "zero_or_one", "many", True),
    ]
    by_name = {a.name: a for a in diagram.entities["order"].attributes.values()}
    assert by_name["id"].pk
    assert by_name["customerId"].fk
    assert by_name["customerId"].comment == "the buyer"
    assert by_name["code"].unique
    assert by_name["status"].type is FieldType.ENUM
    assert by_name["status"].enum_values == ("pending", "paid", "shipped")
    assert by_name["total"].type is FieldType.DECIMAL
    assert by_name["note"].optional


def test_erd_worded_cardinalities() -> None:
    """Mermaid's word aliases (`one or more`, `optionally to`) are relationships too."""
    diagram = Collected()
    erd.parse("erDiagram\n  A one or more optionally to zero or one B : links\n", "x", diagram)
    (rel,) = diagram.relationships
    assert (rel.left_end, rel.right_end, rel.identifying) == ("one_or_more", "zero_or_one", False)


def test_prd_reads_stories_with_ids_complexity_epics_and_roles() -> None:
    """Stories in lists and tables keep their id, complexity and epic; roles are collected."""
    facts = prd.read(
        """# Shop PRD
## Target Users
- **Shopper** — buys things
- **Admin**: runs the shop

## Epic 1: Checkout
- **US-1** As a shopper, I want to pay for an order, so that it ships. **Complexity:** M

### Table stories
| ID | Story | Complexity |
|---|---|---|
| S-9 | As an admin, I want to refund an order. | L |
""",
        {},
    )
    assert [(s.id, s.role, s.action, s.complexity, s.epic) for s in facts.stories] == [
        ("US-1", "shopper", "pay for an order", "M", "Checkout"),
        ("S-9", "admin", "refund an order", "L", "Checkout"),
    ]
    assert facts.stories[0].benefit == "it ships"
    assert facts.roles == ["shopper", "admin"]
    assert [e.name for e in facts.epics] == ["Checkout"]


def test_stack_defaults_and_choices() -> None:
    """Prisma and PostgreSQL unless the architecture says otherwise."""
    assert stack.read("").orm == "prisma"
    chosen = stack.read("| ORM | TypeORM |\n| DB | PostgreSQL |\nCache: Redis, queue: BullMQ")
    assert (chosen.orm, chosen.orm_stated, chosen.cache, chosen.queue) == ("typeorm", True, "Redis", "BullMQ")
    assert stack.read("We use MongoDB").other_database == "MongoDB"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["role", "Roles", "rbac", "RBAC", "permission", "역할", "권한", "rol", "peran",
                         "enrole", "x", " ", "\n", "\r\n", "\u2028", "\x0c", ".", "_", "é", "ROL",
                         "control", "-"]),
        max_size=14,
    ).map("".join)
)  # fmt: skip
def test_a_prd_mentions_roles_line_by_line_as_it_does_whole(text: str) -> None:
    """The PRD is searched for role words one line at a time (lines recur from run to run)."""
    whole = prd._MENTIONS_ROLES.search(text) is not None
    assert any(prd._mentions_roles(line) for line in text.splitlines()) == whole


@pytest.mark.parametrize(
    ("architecture", "cache", "other_database"),
    [
        ("## ADR-4: No Redis\n\nRate limits live in PostgreSQL.", "", ""),
        ("Redis is not needed at this size.", "", ""),
        ("One instance, without a Redis cache; PostgreSQL instead of MongoDB.", "", ""),
        ("Sessions are kept in Redis.", "Redis", ""),
        ("We avoid MongoDB. Redis caches the catalogue; data in MySQL.", "Redis", "MySQL"),
    ],
)
def test_a_technology_the_architecture_turns_down_is_not_chosen(
    architecture: str, cache: str, other_database: str
) -> None:
    """ "No Redis" in an ADR is a decision against Redis, not a mention of it."""
    chosen = stack.read(architecture)
    assert (chosen.cache, chosen.other_database) == (cache, other_database)


@pytest.mark.parametrize(
    ("architecture", "claims"),
    [
        ("- Access token: JWT, 10 minutes, carries the user id, role and the clinic id.", ("clinicId",)),
        ("The JWT contains clinicId and role.", ("clinicId",)),
        ("JWT claims: organization_id, role", ("organizationId",)),
        ("Tokens with a valid id are paid for by the avoid list.", ()),
    ],
)
def test_the_claims_a_token_carries(architecture: str, claims: tuple[str, ...]) -> None:
    """Ids the architecture puts in the token become claims; words that end in "id" do not."""
    assert stack.read(architecture).auth_design.claims == claims
