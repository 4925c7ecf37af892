"""The plan's modules are the architecture's own: each module it lists is planned, holding the
tables it names; one module per table only where the architecture lists none."""

from __future__ import annotations

import json

import pytest

from generators import naming
from generators.generate import Generator
from generators.read import workspace
from tests.samples import STORYSET

ARCHITECTURE = """# Arquitectura

## Módulos del backend

| Módulo | Responsabilidades | Entidades |
|---|---|---|
| `AuthModule` | Inicio de sesión | User |
| `CatalogoModule` | Categorías y productos | Categories, Product |
| `Pedidos` | Pedidos y líneas | Order, order line |
| `Informes` | Ventas por mes | (modelos de lectura) |

```mermaid
erDiagram
  USER ||--o{ ORDER : places
  CATEGORY ||--o{ PRODUCT : groups
  ORDER ||--o{ ORDER_LINE : has
  PRODUCT ||--o{ ORDER_LINE : sold_in
  SUPPLIER ||--o{ PRODUCT : supplies
  USER { uuid id PK
    string email }
  CATEGORY { uuid id PK
    string name }
  PRODUCT { uuid id PK
    string name }
  ORDER { uuid id PK
    string status }
  ORDER_LINE { uuid id PK
    int quantity }
  SUPPLIER { uuid id PK
    string name }
```
"""


def _files(architecture: str) -> dict[str, bytes]:
    return {
        "config.json": json.dumps({"name": "Tienda"}).encode(),
        "product/prd/prd.md": b"# Tienda\n\n- As a clerk, I want to create an order, so that I sell.\n",
        "code/architecture/architecture.md": architecture.encode(),
    }


def test_a_module_table_in_another_language_is_read_with_its_entities() -> None:
    modules = workspace.read("tienda", _files(ARCHITECTURE)).stack.modules
    assert [(m.name, m.entities) for m in modules] == [
        ("auth", ("User",)),
        ("catalogo", ("Category", "Product")),
        ("pedidos", ("Order", "OrderLine")),
        ("informes", ()),
    ]
    assert modules[1].responsibilities == "Categorías y productos"


def test_the_plan_groups_tables_into_the_architectures_modules() -> None:
    plan = Generator(node_checks=False).generate("tienda", _files(ARCHITECTURE))
    text = plan.artifacts["code/backend/backend-plan.md"].decode()
    for heading in ("AuthModule", "CatalogoModule", "PedidosModule", "InformesModule"):
        assert f"### {heading} — `src/modules/" in text
    catalogo = text.split("### CatalogoModule")[1].split("\n### ")[0]
    assert "- **Tables:** `categories`, `products`" in catalogo
    assert "#### Products — `ProductsController`, `ProductsService`" in catalogo
    assert "none of its own" in text.split("### InformesModule")[1].split("\n### ")[0]
    # The supplier table is in no module the architecture lists: its own module, and said so.
    assert "### SuppliersModule — `src/modules/suppliers`" in text
    assert "does not place `Supplier`" in text
    assert plan.digest.modules == 5


def test_without_a_module_table_each_table_is_a_module() -> None:
    bare = ARCHITECTURE.split("```mermaid")[1]
    plan = Generator(node_checks=False).generate("tienda", _files("# Arch\n\n```mermaid" + bare))
    text = plan.artifacts["code/backend/backend-plan.md"].decode()
    assert "### CategoriesModule — `src/modules/categories`" in text
    assert "#### " not in text.split("## 2. Module Breakdown")[1].split("## 3.")[0]


@pytest.mark.skipif(not (STORYSET / "workspaces").is_dir(), reason="the story set is beside the project")
def test_every_module_the_storyset_architectures_list_is_planned_with_its_tables() -> None:
    generator = Generator(node_checks=False)
    for folder in sorted((STORYSET / "workspaces").iterdir()):
        files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
        domain = workspace.read(folder.name, files)
        text = generator.generate(folder.name, files).artifacts["code/backend/backend-plan.md"].decode()
        breakdown = text.split("## 2. Module Breakdown")[1].split("\n## 3.")[0]
        assert domain.stack.modules, folder.name
        for module in domain.stack.modules:
            pascal = module.name[:1].upper() + module.name[1:]
            assert f"### {pascal}Module — " in breakdown, (folder.name, module.name)
            section = breakdown.split(f"### {pascal}Module — ")[1].split("\n### ")[0]
            for entity in module.entities:
                if entity == "User" and module.name == "auth":
                    continue  # sign-in works on the users' module's table
                assert f"`{naming.table(entity)}`" in section, (folder.name, module.name, entity)


def test_modules_listed_as_bullets_place_the_tables_they_name() -> None:
    listed = ARCHITECTURE.replace(
        ARCHITECTURE[ARCHITECTURE.index("| Módulo") : ARCHITECTURE.index("```mermaid")],
        "- **AuthModule**: sign-in for users\n"
        "- `catalog` — categories and the products in them\n"
        "- `sales` — orders, their order lines and suppliers\n\n",
    )
    modules = workspace.read("tienda", _files(listed)).stack.modules
    assert [(m.name, m.entities) for m in modules] == [
        ("auth", ("User",)),
        ("catalog", ("Category", "Product")),
        ("sales", ("Order", "OrderLine", "Supplier")),
    ]


def test_a_bullet_list_about_features_is_not_a_module_list() -> None:
    features = "# Arch\n\n## Feature modules\n\n- Search: find anything fast\n- Sharing: send a link\n"
    bare = ARCHITECTURE.split("```mermaid")[1]
    assert workspace.read("tienda", _files(features + "\n```mermaid" + bare)).stack.modules == ()
