"""Roles where documents name them without a roles section: the actors of use-case tables, a role
field whose values are written "A or B", and tables of people who each sign in."""

from __future__ import annotations

import json

from generators.read import workspace


def _roles(prd: str = "", architecture: str = "") -> tuple[str, ...]:
    files = {"config.json": json.dumps({"name": "X"}).encode()}
    if prd:
        files["product/prd/prd.md"] = prd.encode()
    if architecture:
        files["code/architecture/architecture.md"] = architecture.encode()
    return workspace.read("x", files).roles


def test_the_actors_row_of_a_use_case_table_names_the_roles() -> None:
    prd = (
        "# Casos de uso\n\n### UC01\n\n| Campo | Descrição |\n|---|---|\n"
        "| **Atores** | Paciente, Representante |\n| **Fluxo** | Paciente agenda |\n\n"
        "### UC02\n\n| Campo | Descrição |\n|---|---|\n| **Atores** | Médico, Sistema |\n"
    )
    assert _roles(prd)[:3] == ("paciente", "representante", "médico")
    assert "sistema" not in _roles(prd)


def test_a_role_field_written_a_or_b_gives_its_values() -> None:
    prd = "# 要件\n\n## データベース設計\n\n#### users（ユーザー）\n- id\n- name\n- email\n"
    prd += "- role（講師 or 生徒）\n"
    assert _roles(prd)[:2] == ("講師", "生徒")


def test_tables_of_people_each_signing_in_are_the_roles_where_nothing_else_names_them() -> None:
    architecture = (
        "# Arquitectura\n\n```mermaid\nerDiagram\n"
        "  PROFESSOR {\n    uuid id PK\n    string email\n    string hashed_password\n  }\n"
        "  STUDENT {\n    uuid id PK\n    string enrolment_number\n    string pin_hash\n  }\n"
        "  COURSE {\n    uuid id PK\n    string name\n  }\n```\n"
    )
    roles = _roles(architecture=architecture)
    assert "professor" in roles
    assert "student" in roles
    assert "course" not in roles
