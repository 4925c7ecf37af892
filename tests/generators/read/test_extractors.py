"""Each form a data model takes in real documents, read on a small example."""

from __future__ import annotations

from generators.model import DomainModel, FieldType
from generators.read import workspace


def read(document: str, where: str = "code/architecture/architecture.md", prd: str = "") -> DomainModel:
    files = {"config.json": b'{"name": "T"}', where: document.encode()}
    if prd:
        files["product/prd/prd.md"] = prd.encode()
    return workspace.read("t", files)


def fields(model: DomainModel, entity: str) -> dict[str, FieldType]:
    found = next(e for e in model.entities if e.name == entity)
    return {a.name: a.type for a in found.attributes}


def test_prisma_blocks() -> None:
    """Models, scalar types, optional fields, enums and relation fields."""
    model = read(
        "```prisma\nenum Role { USER ADMIN }\nmodel User {\n  id Int @id\n  email String @unique\n"
        "  role Role\n  posts Post[]\n}\nmodel Post {\n  id Int @id\n  title String?\n"
        "  author User @relation(fields: [authorId], references: [id])\n  authorId Int\n}\n```\n"
    )
    assert fields(model, "User") == {"id": FieldType.INT, "email": FieldType.STRING, "role": FieldType.ENUM}
    (rel,) = model.relationships
    assert (rel.left, rel.right, rel.right_end) == ("User", "Post", "many")


def test_sql_create_table_in_any_dialect() -> None:
    """Columns, primary keys, references and CHECK … IN enums."""
    model = read(
        "```sql\nCREATE TABLE IF NOT EXISTS `orders` (\n  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
        "  customer_id INT NOT NULL REFERENCES customers(id),\n  total DECIMAL(10,2),\n"
        "  status TEXT CHECK (status IN ('open', 'paid'))\n);\n```\n"
    )
    order = next(e for e in model.entities if e.name == "Order")
    by_name = {a.name: a for a in order.attributes}
    assert by_name["id"].pk
    assert by_name["customerId"].fk
    assert by_name["total"].type is FieldType.DECIMAL
    assert by_name["status"].enum_values == ("open", "paid")
    assert any(r.left == "Customer" and r.right == "Order" for r in model.relationships)


def test_typescript_swift_kotlin_and_json() -> None:
    """Interfaces, SwiftData models, data classes and a JSON record."""
    model = read(
        "```ts\nexport interface Invoice {\n  id: string;\n  amount: number;\n  paidAt?: Date;\n"
        "  status: 'draft' | 'sent';\n}\n```\n"
        "```swift\n@Model\nclass Shelf {\n    var label: String\n    var books: [Book]\n}\n"
        'struct ShelfView: View {\n    var body: some View { Text("x") }\n}\n```\n'
        "```kotlin\ndata class Book(val id: Long, val title: String, val isbn: String?)\n```\n"
        '### Example ticket\n```json\n{"id": "t1", "seats": 2, "paid": true}\n```\n'
    )
    names = {e.name for e in model.entities}
    assert {"Invoice", "Shelf", "Book", "Ticket"} <= names
    assert "ShelfView" not in names
    assert fields(model, "Invoice")["status"] is FieldType.ENUM
    assert fields(model, "Ticket") == {
        "id": FieldType.STRING,
        "seats": FieldType.INT,
        "paid": FieldType.BOOLEAN,
    }
    assert any(r.left == "Shelf" and r.right == "Book" for r in model.relationships)


def test_markdown_tables_bullets_inline_lists_and_trees() -> None:
    """Field tables, field bullets, inline lists and ASCII trees."""
    model = read(
        "## Data model\n\n### Members\n\n| Field | Type | Constraints |\n|---|---|---|\n"
        "| id | uuid | PK |\n| email | string | unique |\n\n### Loans\n\n* id\n* member_id (foreign key)\n"
        "* due_at\n* state (`open | returned`)\n\nBranches: id, name, city\n\n```\nitems\n├── id (PK)\n"
        "└── loan_id (FK)\n```\n"
    )
    assert fields(model, "Member") == {"id": FieldType.UUID, "email": FieldType.STRING}
    loan = next(e for e in model.entities if e.name == "Loan")
    assert {a.name: (a.fk, a.type) for a in loan.attributes}["memberId"] == (True, FieldType.UUID)
    assert fields(model, "Loan")["state"] is FieldType.ENUM
    assert set(fields(model, "Branch")) == {"id", "name", "city"}
    assert set(fields(model, "Item")) == {"id", "loanId"}


def test_conceptual_lists_relationship_lines_and_phrases() -> None:
    """Entity lists, 'A ↔ B (many-to-many)', 'through X' and 'each X has many Y'."""
    model = read(
        "## Data model\n\n### Entities\n- Team (팀)\n- Player\n- Match\n- Roster\n\n### Relationships\n"
        "- Team ↔ Player (다대다, Roster를 통해)\n- Team ↔ Match (1:N)\n\nEach match has many player.\n"
    )
    pairs = {(r.left, r.right, r.left_end, r.right_end) for r in model.relationships}
    assert ("Team", "Roster", "one", "many") in pairs
    assert ("Player", "Roster", "one", "many") in pairs
    assert ("Team", "Match", "one", "many") in pairs
    assert ("Match", "Player", "one", "many") in pairs


def test_no_data_model_infers_entities_from_stories_and_features() -> None:
    """Verb-led stories and features give inferred entities with the fields they list."""
    model = read(
        "# Shop\n## Features\n- **Create orders** (items, total, address)\n- **Wishlists**\n"
        "- Wishlists sync\n"
        "## Stories\n- As a shopper, I want to add a review, so others learn.\n- Wishlists are private.\n",
        where="product/prd/prd.md",
    )
    inferred = {e.name for e in model.entities if e.origin == "inferred"}
    assert {"Order", "Review", "Wishlist"} <= inferred
    assert any("Confirm the inferred entities" in q for q in model.questions)


def test_stories_in_other_languages_and_numbered_requirements() -> None:
    """Spanish, Indonesian and Korean stories; FR-numbered requirements with priorities."""
    model = read(
        "# PRD\n- Como administrador, quiero aprobar una reserva, para que el cliente la vea.\n"
        "- Sebagai pengguna, saya bisa membuat booking agar jadwal tersimpan.\n"
        "- 관리자로서, 나는 업무를 승인하고 싶다.\n"
        "- FR-7: The system shall allow teachers to grade essays. (P1)\n",
        where="product/prd/prd.md",
    )
    stories = {(s.id, s.role, s.priority) for s in model.stories}
    assert ("US-1", "admin", "") in stories
    assert ("US-2", "user", "") in stories
    assert ("US-3", "admin", "") in stories
    assert ("FR-7", "teacher", "P1") in stories
    assert set(model.roles) >= {"admin", "user", "teacher"}


def test_plain_text_field_lines_under_title_lines() -> None:
    """No Markdown at all: a numbered title line, then one field per paragraph or several on a line;
    prose between them and a computed line are skipped; a typed line is never a title."""
    model = read(
        "3) Gegevensmodel\n3.1 Invoice (Factuur)\n\n"
        "number (PK, str)\n\ncustomer_id (FK → Customer) — wie betaalt\n\n"
        "Bedragen:\n\ntotal (Decimal/Float, nullable) — in euro\n\nstate (enum): draft, sent, paid\n\n"
        "open = total − betaald\n\n"
        "3.2 Customer\n\nid (PK, int)\n\nname (str), email (str),\ncreated_at (datetime), vat_code\n\n"
        "4. API\n\nstatus (str) — not a model field\n"
    )
    assert {e.name for e in model.entities} >= {"Invoice", "Customer"}
    assert "Status" not in {e.name for e in model.entities}
    invoice = fields(model, "Invoice")
    assert invoice["total"] is FieldType.DECIMAL
    assert invoice["state"] is FieldType.ENUM
    assert "open" not in invoice
    assert set(fields(model, "Customer")) >= {"id", "name", "email", "createdAt", "vatCode"}


def test_model_definition_lines_after_a_models_line() -> None:
    """``Warehouse:`` lines, each followed by prose, count as models only after a line about models;
    the same form elsewhere (notes, files) does not."""
    model = read(
        "Overview\nNote:\n\nThis is a plain README.\nSummary:\n\nShort.\nExample:\n\nNone.\n\n"
        "Data Models\nWarehouse:\n\nStores a site and its address.\nStockItem:\n\n"
        "Tracks quantities per warehouse.\nTransfer:\n\nMoves stock between two warehouses.\n"
        "Enums\nTransferState: OPEN, DONE.\n"
    )
    assert {e.name for e in model.entities} >= {"Warehouse", "StockItem", "Transfer"}
    assert not {"Note", "Summary", "Example", "TransferState"} & {e.name for e in model.entities}


def test_full_width_headings_and_field_bullets() -> None:
    """``#### orders（注文）`` and ``- user_id（外部キー）`` read like their ASCII forms."""
    model = read(
        "## データベース設計\n\n#### orders（注文）\n- id\n- user_id（外部キー）\n- total：decimal\n"
        "- status（open, paid）\n- created_at\n"
    )
    assert set(fields(model, "Order")) >= {"id", "userId", "total", "status", "createdAt"}


def test_lists_of_table_names_with_glosses_under_a_heading_in_any_language() -> None:
    """Bullets naming tables (several per line, glossed) under a data-model heading in Russian or
    Chinese; the same bullets under an analytics heading, or a note with a sentence, name nothing."""
    model = read(
        "## 3. Таблицы базы\n\n### 3.1 Склад\n- `warehouses` (склады)\n- `stock_items` / `stock_moves`\n\n"
        "### 3.2 Заметки\n- `Tenancy`: every table gets a company column added by a base entity\n\n"
        "## 4. 埋点事件\n- `order_pay_success`（支付成功）\n- `room_view`\n"
    )
    names = {e.name for e in model.entities}
    assert {"Warehouse", "StockItem", "StockMove"} <= names
    assert not {"Tenancy", "OrderPaySuccess", "RoomView"} & names


def test_labels_about_fields_are_not_entities() -> None:
    """``**Indexes:** email, role, created_at`` says something of the fields above it."""
    model = read(
        "## Data model\n\n### users\n\n| Column | Type |\n|---|---|\n| id | uuid |\n| email | text |\n\n"
        "**Indexes:** `email`, `role`, `created_at`\n"
    )
    assert {e.name for e in model.entities} == {"User"}


def test_inferred_entities_skip_possessives_describing_words_and_prepositions() -> None:
    """ "a student’s prior notes" is about notes; "student-linked lesson history" about lessons;
    "retrieval through home" names nothing."""
    model = read(
        "# PRD\n\nLessons are the heart of it: every lesson keeps its notes.\n\n"
        "## Features\n- Student-linked lesson history\n- Quick retrieval through home\n\n"
        "## Stories\n- As a coach, I want to review a student’s prior notes before the next lesson.\n"
        "- As a coach, I want to create notes for each lesson.\n",
        where="product/prd/prd.md",
    )
    names = {e.name for e in model.entities}
    assert {"Note", "Lesson"} <= names, names
    assert not {"SPrior", "StudentLinkedLesson", "ThroughHome", "PriorNote"} & names


def test_roles_listed_in_the_document_language() -> None:
    """A permissions line in Vietnamese, a roles heading under "scope and roles" in Chinese (its
    sibling headings are not roles; "A/B" names one role), bold leads with full-width colons."""
    vietnamese = read(
        "# Hệ thống\n\n## Quản lý nhân viên\n- Phân quyền: **Lễ tân, Quản lý và Kế toán**.\n",
        where="product/prd/prd.md",
    )
    assert set(vietnamese.roles) >= {"lễ tân", "quản lý", "kế toán"}
    chinese = read(
        "# 系统\n\n## 1. 范围与角色\n\n### 1.1 角色\n- **游客/住客**：浏览与下单\n- **系统管理员**：配置\n\n"
        "### 1.2 业务目标\n- **转私域**：提升复购\n",
        where="product/prd/prd.md",
    )
    assert set(chinese.roles) >= {"游客", "系统管理员"}
    assert not {"业务目标", "转私域", "角色"} & set(chinese.roles)


def test_an_enum_column_listing_its_values_in_the_notes_gives_the_roles() -> None:
    """``| role | ENUM | NOT NULL | Client, Editor, Admin |``: the values, and the roles they name."""
    model = read(
        "## Database schema\n\n### users\n\n"
        "| Column | Type | Constraints | Description |\n|---|---|---|---|\n"
        "| id | UUID | PRIMARY KEY | id |\n| role | ENUM | NOT NULL | Client, Editor, Admin |\n"
    )
    user = next(e for e in model.entities if e.name == "User")
    role = next(a for a in user.attributes if a.name == "role")
    assert role.enum_values == ("Client", "Editor", "Admin")
    assert "\n" not in role.comment
    assert {"client", "editor", "admin"} <= set(model.roles)


def test_the_definition_of_done_and_non_functional_requirements_are_carried() -> None:
    """Items under a Definition of Done (any depth) or a non-functional heading in Spanish become
    the checks the plan's testing strategy lists; other sections give none."""
    model = read(
        "# PRD\n\n## Features\n- Book a slot\n\n## Definition of Done\n\n"
        "1. 20 parallel bookings of one slot yield exactly one appointment.\n"
        "2. Availability answers in p95 < 400 ms.\n\n"
        "### Time zones\n- DST fixtures for Europe/Berlin.\n\n"
        "## Requisitos no funcionales\n\n| Id | Requisito |\n|---|---|\n"
        "| RNF-1 | 99,5% de disponibilidad |\n",
        where="product/prd/prd.md",
    )
    assert model.checks == (
        "20 parallel bookings of one slot yield exactly one appointment.",
        "Availability answers in p95 < 400 ms.",
        "DST fixtures for Europe/Berlin.",
        "RNF-1 — 99,5% de disponibilidad",
    )


def test_json_records_after_a_fence_left_open() -> None:
    """A first ```json fence never closed swallows the headings and records after it: each record
    is read under the heading or the collection path before it (the last collection of a path)."""
    model = read(
        "## Schemas\n\n### 1. **Invoice Document**\n\n```json\n"
        '{\n  "id": "string",\n  "total": 12.5,\n  "issuedAt": "2026-01-01T00:00:00Z"\n}\n\n'
        "Notes: keep totals in cents.\n\n### 2. **Line Document**\n\n"
        '```json\n{\n  "id": "string",\n  "invoiceId": "string",\n  "qty": 2\n}\n\n'
        "Collection: `/invoices/{invoiceId}/payments/{paymentId}`\n\n"
        '```json\n{\n  "id": "string",\n  "amount": 3.5,\n  "note": "a } inside a string"\n}\n'
    )
    assert {"Invoice", "Line", "Payment"} <= {e.name for e in model.entities}
    assert fields(model, "Invoice")["total"] is FieldType.FLOAT
    assert set(fields(model, "Payment")) == {"id", "amount", "note"}
