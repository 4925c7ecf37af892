"""The whole generator: samples against golden files, every validator, errors, re-runs."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import yaml

from generators import check
from generators.errors import ArtifactInvalid, InvalidConfig, MissingInputs, WorkspaceNotFound
from generators.generate import ARTIFACTS, Generator, Options, changes, generate
from tests import nodecheck, samples

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("slug", samples.SLUGS)
def test_samples_match_golden_files(slug: str) -> None:
    """Each sample's four artifacts equal the reviewed golden files byte for byte."""
    result = generate(slug, samples.files(slug))
    assert sorted(result.artifacts) == sorted(ARTIFACTS)
    for path, data in result.artifacts.items():
        golden = samples.GOLDEN / slug / path.rsplit("/", 1)[-1]
        assert data == golden.read_bytes(), f"{golden} differs: run `make golden` if the change is intended"


@pytest.mark.parametrize("slug", samples.SLUGS)
def test_every_entity_has_table_module_and_endpoints_and_roles_in_matrix(slug: str) -> None:
    """Every ERD entity has its table, module and endpoints; every PRD role is a matrix column."""
    result = generate(slug, samples.files(slug))
    plan = result.artifacts["code/backend/backend-plan.md"].decode()
    schema = result.artifacts["code/backend/database-schema.md"].decode()
    spec = yaml.safe_load(result.artifacts["code/backend/openapi.yaml"])
    for entity in result.domain.entities:
        from generators import naming

        assert f'CREATE TABLE "{naming.table(entity.name)}"' in schema
        assert f"### {naming.pascal_exact(naming.table(entity.name))}Module" in plan
        assert f"/{naming.route(entity.name)}" in spec["paths"]
    matrix_header = next(line for line in plan.splitlines() if line.startswith("| Endpoint |"))
    for role in result.domain.roles:
        assert role in matrix_header


@pytest.mark.parametrize("slug", samples.SLUGS)
def test_openapi_and_markdown_spec_list_the_same_endpoints(slug: str) -> None:
    """api-spec.md and openapi.yaml describe exactly the same operations."""
    result = generate(slug, samples.files(slug))
    spec = yaml.safe_load(result.artifacts["code/backend/openapi.yaml"])
    in_yaml = {
        (method.upper(), re.sub(r"\{(\w+)\}", r":\1", path))
        for path, item in spec["paths"].items()
        for method in item
    }
    markdown = result.artifacts["code/backend/api-spec.md"].decode()
    in_markdown = set(re.findall(r"^\| (GET|POST|PUT|PATCH|DELETE) \| `([^`]+)` \|", markdown, re.MULTILINE))
    assert in_yaml == in_markdown


@pytest.mark.node
@pytest.mark.parametrize("orm", ["prisma", "typeorm"])
def test_prisma_mermaid_and_sql_pass_their_own_parsers(orm: str) -> None:
    """Prisma's schema engine, Mermaid's parser and PostgreSQL's parser accept every block."""
    assert nodecheck.available(), "run `make install`: node and the npm validators are missing"
    items: list[nodecheck.Block] = []
    for slug in samples.SLUGS:
        result = generate(slug, samples.files(slug), Options(orm=orm))  # type: ignore[arg-type]
        items.extend(nodecheck.blocks(slug, result.artifacts))
        for data in result.artifacts.values():
            for block in check.fences(data.decode(), "sql"):
                check.sql(block)
        assert ("prisma" in {item.kind for item in items}) == (orm == "prisma")
    verdicts = nodecheck.check(items)
    assert [v for v in verdicts if not v.ok] == []
    assert len(verdicts) >= 2 * len(samples.SLUGS)


def test_validators_reject_invalid_artifacts() -> None:
    """The validators are real: broken SQL, OpenAPI, Prisma and Mermaid are refused."""
    with pytest.raises(ArtifactInvalid):
        check.sql("CREATE TABLE (")
    with pytest.raises(ArtifactInvalid):
        check.openapi('openapi: "3.1.0"\ninfo: {}\npaths: {}\n')
    with pytest.raises(ArtifactInvalid):
        check.dag({"a": ["b"], "b": ["a"]}, "graph")
    verdicts = nodecheck.check(
        [
            nodecheck.Block("p", "prisma", "model A {\n  id Int @id\n  b B\n}\n"),
            nodecheck.Block("m", "mermaid", "erDiagram\n  A ||--o{ : x\n"),
        ]
    )
    assert [v.ok for v in verdicts] == [False, False]


def test_missing_config_says_run_start_mvp() -> None:
    """No config.json: a typed error telling the user to run /start-mvp first."""
    with pytest.raises(WorkspaceNotFound, match=r"run `/start-mvp pets` first"):
        generate("pets", {"product/prd/prd.md": b"# PRD"})


def test_neither_prd_nor_architecture_names_both() -> None:
    """No PRD and no architecture: the error names both files and the steps that write them."""
    with pytest.raises(MissingInputs) as caught:
        generate("pets", {"config.json": b'{"name": "Pets"}'})
    message = str(caught.value)
    assert "product/prd/prd.md" in message
    assert "code/architecture/architecture.md" in message
    assert "/prd pets" in message
    assert "/architecture pets" in message


def test_only_a_prd_or_only_an_architecture_is_said_in_assumptions() -> None:
    """With one input the plan is generated and says what was missing."""
    files = samples.files("recipebox")
    plan = generate("recipebox", files).artifacts["code/backend/backend-plan.md"].decode()
    assert "There is no architecture document" in plan
    arch_only = {k: v for k, v in samples.files("teamtasks").items() if not k.startswith("product/")}
    plan = generate("teamtasks", arch_only).artifacts["code/backend/backend-plan.md"].decode()
    assert "There is no PRD" in plan


def test_invalid_config_is_an_input_error() -> None:
    """A broken config.json stops generation with the problem named."""
    files = samples.files("pawgroom") | {"config.json": b"{"}
    with pytest.raises(InvalidConfig, match="not JSON"):
        generate("pawgroom", files)


def test_changes_update_config_once_and_nothing_on_rerun() -> None:
    """First run writes four artifacts and config.json; a re-run with no change writes nothing."""
    files = samples.files("pawgroom")
    result = generate("pawgroom", files)
    first = changes(files, result, NOW)
    assert sorted(first) == sorted([*ARTIFACTS, "config.json"])
    after = files | first
    assert changes(after, generate("pawgroom", after), NOW) == {}
    listed = yaml.safe_load(first["config.json"])["artifacts"]
    assert all(listed.count(path) == 1 for path in ARTIFACTS)


def test_template_syntax_in_documents_comes_out_literally() -> None:
    """Jinja syntax in the PRD is data, never template source."""
    files = samples.files("pawgroom")
    prd = files["product/prd/prd.md"].replace(
        b"I want to view my pets", b"I want to view my pets {{ 7 * 7 }} {% raw %}"
    )
    plan = generate("pawgroom", files | {"product/prd/prd.md": prd}).artifacts["code/backend/backend-plan.md"]
    assert b"view my pets {{ 7 * 7 }} {% raw %}" in plan


@pytest.mark.node
def test_a_worker_generator_runs_prisma_and_mermaid_before_writing_and_says_so() -> None:
    """With Node available, Prisma 6 and 7 schemas are checked by their own engine, a bad block
    stops the plan (never written), and the schema document names the validators that ran."""
    generator = Generator(node_checks=True)
    try:
        assert generator.node is not None, "run `make install`: node and the npm validators are missing"
        result = generator.generate("pawgroom", samples.files("pawgroom"))
        schema = result.artifacts["code/backend/database-schema.md"].decode()
        assert "the Prisma schema with Prisma 7's schema engine, and every Mermaid diagram" in schema
        broken = generator.node.check([nodecheck.Block("x", "prisma", "model A {\n  b B\n}\n")])
        assert not broken[0].ok
    finally:
        generator.close()
    plain = (
        generate("pawgroom", samples.files("pawgroom")).artifacts["code/backend/database-schema.md"].decode()
    )
    assert "Prisma's schema engine and Mermaid's parser were not available" in plain


def test_the_architectures_error_format_and_domain_codes_are_the_plans() -> None:
    """RFC 7807 in the architecture: problem details in the plan and in openapi.yaml (as
    application/problem+json); the domain errors it names (409 SLOT_TAKEN) join the generic ones.
    Without them, the plan's own envelope."""
    files = samples.files("pawgroom")
    architecture = files["code/architecture/architecture.md"].decode()
    files["code/architecture/architecture.md"] = (
        architecture + "\n## Errors\n\nAll errors are RFC 7807 problem details.\n\n"
        "- `409 SLOT_TAKEN`: the slot was booked meanwhile; the body lists alternative slots.\n"
        "- `CANCELLATION_CUTOFF_PASSED` (422) after the clinic's cutoff.\n"
    ).encode()
    result = generate("pawgroom", files)
    plan = result.artifacts["code/backend/backend-plan.md"].decode()
    assert "RFC 9457 problem details (formerly RFC 7807)" in plan
    assert "| 409 | `SLOT_TAKEN` |" in plan
    assert "| 422 | `CANCELLATION_CUTOFF_PASSED` |" in plan
    document = yaml.safe_load(result.artifacts["code/backend/openapi.yaml"])
    problem = document["components"]["schemas"]["ProblemDetails"]
    assert {"SLOT_TAKEN", "CANCELLATION_CUTOFF_PASSED", "NOT_FOUND"} <= set(
        problem["properties"]["code"]["enum"]
    )
    for response in document["components"]["responses"].values():
        assert set(response["content"]) == {"application/problem+json"}

    plain = generate("pawgroom", samples.files("pawgroom"))
    assert (
        "ErrorEnvelope"
        in yaml.safe_load(plain.artifacts["code/backend/openapi.yaml"])["components"]["schemas"]
    )


def test_the_architectures_token_design_is_the_plans() -> None:
    """A 30-day refresh token in an httpOnly cookie with its family in Redis, a 10-minute access
    token carrying the clinic id: the plan, the DTOs and the schema follow (no refresh-token column,
    no refresh token in a body)."""
    files = samples.files("pawgroom")
    architecture = files["code/architecture/architecture.md"].decode()
    files["code/architecture/architecture.md"] = (
        architecture + "\n## Sessions\n\n- Access token: JWT, 10 minutes, carries the user id, role and the "
        "clinic id.\n- A 30-day rotating refresh token in an httpOnly cookie; the token family is kept "
        "in Redis.\n"
    ).encode()
    result = generate("pawgroom", files)
    plan = result.artifacts["code/backend/backend-plan.md"].decode()
    assert "JWT HS256, 10 minutes (the architecture)" in plan
    assert "claims `sub`, `role`, `clinicId`" in plan
    assert "30 days (the architecture)" in plan
    assert "httpOnly, `Secure`, `SameSite=Strict` cookie" in plan
    assert "token family kept in Redis" in plan
    schema = result.artifacts["code/backend/database-schema.md"].decode()
    assert "refresh_token_hash" not in schema
    document = yaml.safe_load(result.artifacts["code/backend/openapi.yaml"])
    assert "RefreshTokenDto" not in document["components"]["schemas"]
    assert "refreshToken" not in document["components"]["schemas"]["AuthTokensDto"]["properties"]
    assert "requestBody" not in document["paths"]["/auth/refresh"]["post"]

    plain = generate("pawgroom", samples.files("pawgroom")).artifacts
    assert "JWT HS256, 15 minutes, secret" in plain["code/backend/backend-plan.md"].decode()
    assert "refresh_token_hash" in plain["code/backend/database-schema.md"].decode()


def test_the_background_work_the_architecture_names_has_a_section_and_tasks() -> None:
    """A reminder worker on BullMQ, Postmark e-mail, Twilio SMS and its webhooks, a cron job: each
    is listed with the architecture's words and has a task before the E2E suite; a provider turned
    down has none."""
    files = samples.files("pawgroom")
    architecture = files["code/architecture/architecture.md"].decode()
    files["code/architecture/architecture.md"] = (
        architecture + "\n## Background\n\n- A separate reminder worker consumes BullMQ.\n"
        "- Reminders go out by e-mail (Postmark) and SMS (Twilio); delivery receipts arrive as Twilio "
        "webhooks.\n- A cron job every 15 minutes releases expired holds.\n- No SendGrid.\n"
    ).encode()
    result = generate("pawgroom", files)
    plan = result.artifacts["code/backend/backend-plan.md"].decode()
    assert "### Background work (the architecture)" in plan
    for row in (
        "| worker | reminder worker |",
        "| email | Postmark |",
        "| sms | Twilio |",
        "| webhook | Twilio |",
    ):
        assert row in plan
    assert "SendGrid" not in plan
    titles = re.findall(r"^\| (T\d+) ([^|]+) \|", plan, re.MULTILINE)
    assert any("Reminder worker: queue consumer on BullMQ" in title for _, title in titles), titles
    assert any("Twilio webhooks" in title for _, title in titles)
    assert any("Scheduled jobs" in title for _, title in titles)
    e2e = next(task_id for task_id, title in titles if title.startswith("E2E suite"))
    worker = next(task_id for task_id, title in titles if "Reminder worker" in title)
    assert int(worker[1:]) < int(e2e[1:])
    # The provider's webhook is a public route of its own, in the API and the OpenAPI document.
    assert (
        "`POST /webhooks/twilio` — Receive Twilio events (signature verified, idempotent by event id)" in plan
    )
    operation = yaml.safe_load(result.artifacts["code/backend/openapi.yaml"])["paths"]["/webhooks/twilio"][
        "post"
    ]
    assert operation["security"] == []
    assert not any(title.startswith("Webhooks module") for _, title in titles), "built by the webhook's task"


def test_endpoints_the_architecture_names_are_checked_against_the_plan() -> None:
    """Each ``METHOD /path`` the architecture names is marked planned or not (its prefix and
    parameter names aside); one no story asks for is planned at its path for the back office and
    said so; one whose path names no records is an open question, not an invented endpoint."""
    files = samples.files("pawgroom")
    architecture = files["code/architecture/architecture.md"].decode()
    files["code/architecture/architecture.md"] = (
        architecture + "\n## Key endpoints\n\n- `GET /api/v1/pets/{petId}` returns a pet.\n"
        "- `POST /api/v1/appointments/{id}/check-in` marks the arrival.\n"
        "- `GET /api/v1/health` answers the load balancer.\n"
    ).encode()
    result = generate("pawgroom", files)
    plan = result.artifacts["code/backend/backend-plan.md"].decode()
    assert "| `GET /pets/:petId` | ✅ |" in plan
    assert "| `POST /appointments/:id/check-in` | ✅ |" in plan
    assert "although no story asks for them: `POST /appointments/:id/check-in`" in plan
    assert "| `GET /health` | not planned |" in plan
    assert "`GET /health`. Add the stories they serve" in plan
    paths = yaml.safe_load(result.artifacts["code/backend/openapi.yaml"])["paths"]
    assert "/appointments/{id}/check-in" in paths
    assert "/health" not in paths
