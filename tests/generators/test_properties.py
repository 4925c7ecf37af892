"""No input crashes the readers, the command parser, the slug rule or the mrkdwn escaper."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import slugs
from bot.errors import BadSlug, UserError
from bot.slack import commands
from bot.slack import text as slack_text
from generators.errors import DevbotError
from generators.generate import generate
from generators.read import markdown, workspace

_MARKDOWNISH = st.lists(
    st.one_of(
        st.text(max_size=80),
        st.sampled_from(
            [
                "# Title",
                "## Data model",
                "### Users",
                "- id",
                "- user_id (foreign key)",
                "* status (`a | b`)",
                "| Field | Type |",
                "|---|---|",
                "| id | uuid |",
                "```mermaid",
                "erDiagram",
                "A ||--o{ B : has",
                "```",
                "```sql",
                "CREATE TABLE t (id int primary key, u int references users(id));",
                "```prisma",
                "model X {",
                "  id Int @id",
                "}",
                "As a user, I want to create a booking, so that it is saved.",
                "Users: id, email, role",
                "├── id (PK)",
                "└── x_id (FK)",
                "- User ↔ Team (다대다)",
                "Como admin, quiero aprobar una reserva.",
                "class A {",
                "  +String name",
                "```swift",
                "@Model class P { var a: String; var b: [Q] }",
                "{{ 7 * 7 }}",
                "<!channel>",
                "En tant que client, je souhaite réserver un trajet.",
                "    ✅ Randevu oluşturma, iptal etme",
                "- Quản lý khách hàng và nhân viên (tên, loại).",
                "| **Atores** | Paciente, Médico, Sistema |",
                "- role（講師 or 生徒）",
                "| Capability | Member (buyer/seller) | Admin |",
                "| Create/manage own listings, grade | ✅ (owner) | – |",
                "Draft assignments are invisible to students.",
                "- `POST /orders/:id/issue` issues it",
            ]
        ),
    ),
    max_size=40,
).map("\n".join)


@given(st.text())
def test_markdown_parser_takes_any_text(text: str) -> None:
    """Any text parses into a section tree."""
    root = markdown.parse(text)
    assert root.level == 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_MARKDOWNISH, _MARKDOWNISH)
def test_readers_take_any_documents(prd: str, architecture: str) -> None:
    """Any PRD and architecture text read into a domain model, or a user error, never a crash."""
    files = {"config.json": b'{"name": "Any"}', "product/prd/prd.md": prd.encode()}
    files["code/architecture/architecture.md"] = architecture.encode()
    try:
        model = workspace.read("any", files)
    except UserError:
        return
    assert model.name == "Any"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_MARKDOWNISH)
def test_generation_on_any_document_is_valid_or_a_user_error(architecture: str) -> None:
    """Whatever the document says, the plan validates or the user is told what is wrong."""
    files = {"config.json": b'{"name": "Any"}', "code/architecture/architecture.md": architecture.encode()}
    try:
        result = generate("any", files)
    except UserError:
        return
    except DevbotError as err:  # ArtifactInvalid is a bug: surface the input that caused it
        raise AssertionError(f"invalid artifact for input:\n{architecture}") from err
    assert len(result.artifacts) == 4


@given(st.text(max_size=200))
def test_command_parser_only_raises_user_errors(text: str) -> None:
    """Any command text parses or is a usage error."""
    try:
        parsed = commands.parse(text)
    except UserError:
        return
    if parsed.action == "run":
        assert slugs.PATTERN.fullmatch(parsed.slug)


@given(st.text(max_size=100))
def test_slug_rule(slug: str) -> None:
    """A slug is accepted exactly when it matches the rule."""
    try:
        slugs.check(slug)
    except BadSlug:
        assert not slugs.PATTERN.fullmatch(slug)
    else:
        assert slugs.PATTERN.fullmatch(slug)


@given(st.text())
def test_escaper_leaves_no_markup_and_loses_nothing(text: str) -> None:
    """Escaped text has no angle brackets and unescapes to the original."""
    escaped = slack_text.escape(text)
    assert "<" not in escaped
    assert ">" not in escaped
    assert escaped.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyzàéíóúçãõşğıươđ ", min_size=1, max_size=12),
        min_size=1,
        max_size=30,
    ),
    st.sampled_from(["", "En tant que client, je souhaite ", "O sistema deve permitir ", "Quản lý "]),
)
def test_a_stray_line_of_prose_makes_no_entity(words: list[str], lead: str) -> None:
    """One line, whatever its words, is never enough for the prose readers to infer a record."""
    prd = "# Notes\n\n" + lead + " ".join(words) + ".\n"
    files = {"config.json": b'{"name": "Any"}', "product/prd/prd.md": prd.encode()}
    model = workspace.read("any", files)
    assert [e.name for e in model.entities if e.origin == "inferred"] == []
