"""Data models stated in Markdown itself: field tables, field bullets under an entity heading,
inline lists (``Users: id, email, role``), ASCII trees of tables, conceptual entity lists and
relationship lines (``User ↔ Department (다대다)``, "each booking belongs to a user")."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from generators import naming
from generators.model import Attribute, End
from generators.read.datamodel import fieldtypes, lookups
from generators.read.datamodel.collect import Collected
from generators.read.markdown import BulletList, Fence, ListItem, Section, Table, iter_texts

_NAME_HEADERS = frozenset(
    [
        "field",
        "fields",
        "column",
        "columns",
        "name",
        "attribute",
        "attributes",
        "property",
        "key",
        "campo",
        "columna",
        "nombre",
        "atributo",
        "kolom",
        "nama",
        "필드",
        "컬럼",
        "속성",
        "필드명",
        "컬럼명",
    ]
)
_TYPE_HEADERS = {"type", "data type", "datatype", "tipo", "tipe", "타입", "자료형", "데이터 타입", "format"}
_NOTE_HEADERS = frozenset(
    ["constraints", "constraint", "notes", "description", "key", "keys", "restricciones", "설명", "비고"]
)
# Headings about the data model, in the languages documents are written in (a word that starts
# such a heading: English, Spanish, Portuguese, French, German, Italian, Indonesian, Turkish,
# Vietnamese, Russian, Chinese, Japanese, Korean).
_MODEL_SECTIONS = re.compile(
    r"data\s*model|schema|entit|database|tables?\b|domain|models?\b|modelo|entidad|datos|데이터|엔티티|모델|"
    r"테이블|relaci|relationship|관계|erd|storage|persistence|"
    r"banco de dados|base de dados|tabelas|tablas|donn[ée]es|datenmodell|datenbank|tabellen|"
    r"tabel\b|basis data|veri ?taban|veri modeli|tablolar|varl[ıi]k|cơ sở dữ liệu|bảng|thực thể|"
    r"модел|данных|таблиц|сущност|数据库|数据表|数据模型|表结构|实体|核心表|データベース|データモデル|"
    r"テーブル|エンティティ",
    re.IGNORECASE,
)
_ENTITY_LIST_SECTIONS = re.compile(
    r"entit|entidad|엔티티|models?\b|modelo|objects|tables?\b|테이블|tabelas|tablas|tabellen|tabel\b|"
    r"tablolar|varl[ıi]k|bảng|thực thể|таблиц|сущност|实体|表|テーブル|エンティティ",
    re.IGNORECASE,
)
# A bullet naming tables or entities, several at once and glossed: ``users（用户）``, ``roles / user_roles``.
_NAMES = re.compile(
    r"^(?P<names>[a-z][a-z0-9_]*|[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)*)"
    r"(?P<more>(?:\s*[/,、]\s*(?:[a-z][a-z0-9_]*|[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)*))*)"
    r"\s*(?:\([^()]*\)|[:—–-]\s*(?P<gloss>[^:]*))?$"
)
_NOT_A_TABLE = re.compile(r"^(?:id|.*_id|.*_at)$")
_FIELD = re.compile(
    r"^`?(?P<name>[a-z_][a-zA-Z0-9_]*)`?\s*(?:\((?P<paren>[^)]*)\))?\s*(?:[:—–-]\s*`?(?P<type>[^`]*?)`?)?\s*"
    r"(?:\((?P<paren2>[^)]*)\))?\.?$"
)
_INLINE = re.compile(
    r"^\W*\**`?(?P<entity>[A-Za-z][\w ]{0,30}?)`?\**\s*[:：]\s*"
    r"(?P<fields>`?[a-z_]\w*`?(?:\s*,\s*`?[a-z_]\w*`?){2,})\s*\.?$"
)
_TREE_COLUMN = re.compile(r"^[\s│|]*(?:[├└+`|]\s*[─-]{1,3}|[├└]─*)\s*(?P<name>\w+)(?P<rest>.*)$")
_TREE_TABLE = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s*(?:[←#(].*|--.*)?$")
_CONCEPT = re.compile(r"^\**`?(?P<name>[A-Z][A-Za-z0-9]+)`?\**\s*(?:\([^)]*\)|[:—–-].*)?\s*$")
_RELATION_LINE = re.compile(
    r"^\**`?(?P<a>[A-Z][A-Za-z0-9]+)`?\**\s*(?:↔|<->|<=>|—|–|-|→|->|⟷|:)\s*\**`?(?P<b>[A-Z][A-Za-z0-9]+)`?\**\s*"
    r"(?:\((?P<kind>[^)]*)\)|[:—–-]\s*(?P<kind2>.*))?$"
)
_MANY_MANY = re.compile(
    r"다대다|many[- ]to[- ]many|muchos a muchos|\b[nm]\s*:\s*[nm]\b|banyak ke banyak", re.I
)
_ONE_MANY = re.compile(r"일대다|one[- ]to[- ]many|uno a muchos|\b1\s*:\s*[n*m]\b|satu ke banyak", re.I)
_MANY_ONE = re.compile(r"다대일|many[- ]to[- ]one|muchos a uno|\b[n*m]\s*:\s*1\b", re.I)
_ONE_ONE = re.compile(r"일대일|one[- ]to[- ]one|uno a uno|\b1\s*:\s*1\b|satu ke satu", re.I)
_THROUGH = re.compile(
    r"(?:through|via|a través de|melalui)\s+`?(?P<x>[A-Z]\w+)`?|`?(?P<y>[A-Z]\w+)`?\s*(?:를|을)\s*통해", re.I
)
# Labels of lines that say something of an entity's fields (``**Indexes:** email, role``).
_SCHEMA_LABELS = frozenset(
    naming.key(label)
    for label in (
        "index", "indexes", "indices", "key", "keys", "primary key", "foreign key", "foreign keys",
        "constraint", "constraints", "unique", "relation", "relations", "relationship", "relationships",
        "field", "fields", "column", "columns", "attribute", "attributes", "property", "properties",
        "example", "examples", "note", "notes", "enum", "enums", "value", "values", "default", "defaults",
        "required", "optional", "nullable", "computed", "derived",
    )
)  # fmt: skip
_GENERIC_TITLES = {"fields", "columns", "schema", "attributes", "data model", "table", "structure", "campos"}


def _plain(text: str) -> str:
    """Full-width punctuation and letters as ASCII (``users（ユーザー）`` → ``users(ユーザー)``)."""
    return unicodedata.normalize("NFKC", text)


def entity_title(title: str) -> str | None:
    """The entity a heading names, or ``None``: "### `bookings` table" → bookings."""
    text = re.sub(r"^[\W\d.]+", "", _plain(title)).strip()
    text = re.sub(r"[`*_]", "", text)
    text = re.sub(r"\s*\((?:[^)]*)\)\s*$", "", text)
    text = re.sub(r"\s+(table|entity|model|collection|tabla|entidad|테이블|엔티티)$", "", text, flags=re.I)
    text = re.sub(r"^(table|entity|model|tabla|entidad)\s*[:—-]?\s*", "", text, flags=re.I)
    if not text or len(text.split()) > 3 or text.lower() in _GENERIC_TITLES:
        return None
    if not re.match(r"^[A-Za-z][A-Za-z0-9_ -]*$", text):
        return None
    return text


def _keys(text: str) -> dict[str, object]:
    lowered = text.lower()
    values = fieldtypes.enum_values(text.replace("`", ""))
    return {
        "pk": bool(re.search(r"\bpk\b|primary key|clave primaria|기본\s*키", lowered)),
        "fk": bool(re.search(r"\bfk\b|foreign key|references|clave foránea|외래\s*키", lowered)),
        "unique": bool(re.search(r"\bunique\b|\buk\b|único|unico|고유", lowered)),
        "optional": bool(re.search(r"nullable|optional|\bnull\b|opcional|선택", lowered))
        and "not null" not in lowered,
        "values": values,
    }


def field_attribute(name: str, stated_type: str, notes: str) -> Attribute:
    """An attribute from a name, a stated type (maybe empty) and free notes with keys and enums."""
    keys = _keys(notes + " " + stated_type)
    values: tuple[str, ...] = keys["values"]  # type: ignore[assignment]
    if not values and stated_type.strip().lower().startswith("enum"):
        # an ENUM column whose notes list its values: "Client, Editor, Videographer, Admin"
        # (each column of a table's notes on its own line)
        values = next(
            (
                v
                for line in notes.splitlines()
                if (v := fieldtypes.enum_values("enum: " + line.replace("`", "")))
            ),
            (),
        )
    raw = "enum" if values else (stated_type.split()[0] if stated_type.strip() else "")
    if not raw and re.search(r"\bjson\b", notes, re.IGNORECASE):
        raw = "json"
    return fieldtypes.attribute(
        name, raw, optional=bool(keys["optional"]), pk=bool(keys["pk"]), unique=bool(keys["unique"]),
        fk=bool(keys["fk"]), comment=" ".join(notes.split()), values=values,
    )  # fmt: skip


def _in_model_context(path: list[Section]) -> bool:
    return any(about_the_model(section.title) for section in path)


def about_the_model(title: str) -> bool:
    return _MODEL_SECTIONS.search(title) is not None


def _walk(section: Section, path: list[Section]) -> Iterator[tuple[Section, list[Section]]]:
    yield section, path
    for child in section.children:
        yield from _walk(child, [*path, child])


def tables(root: Section, source: str, found: Collected) -> None:
    """Tables whose header names a field column and a type or constraints column."""
    for section, path in _walk(root, [root]):
        entity = entity_title(section.title) or next(
            (t for t in (entity_title(s.title) for s in reversed(path[:-1])) if t), None
        )
        for block in section.blocks:
            if not isinstance(block, Table) or entity is None:
                continue
            header = [re.sub(r"[`*]", "", cell).strip().lower() for cell in block.header]
            name_col = next((i for i, h in enumerate(header) if h in _NAME_HEADERS), None)
            type_col = next((i for i, h in enumerate(header) if h in _TYPE_HEADERS), None)
            note_cols = [i for i, h in enumerate(header) if h in _NOTE_HEADERS]
            if name_col is None or (type_col is None and not note_cols):
                continue
            rows = [row for row in block.rows if len(row) > name_col]
            names = [re.sub(r"[`*]", "", row[name_col]).strip() for row in rows]
            if not names or sum(bool(re.match(r"^[A-Za-z_]\w*$", n)) for n in names) < 0.7 * len(names):
                continue
            for row, name in zip(rows, names, strict=True):
                if not re.match(r"^[A-Za-z_]\w*$", name):
                    continue
                stated = row[type_col] if type_col is not None and type_col < len(row) else ""
                notes = "\n".join(row[i] for i in note_cols if i < len(row))
                found.attribute(entity, field_attribute(name, stated.replace("`", ""), notes), source)


def _field_items(items: tuple[ListItem, ...]) -> list[tuple[str, str, str]] | None:
    fields = []
    for item in items:
        line = _plain(item.text.splitlines()[0]).strip() if item.text else ""
        match = _FIELD.match(line)
        if match is None:
            continue
        notes = " ".join(p for p in (match["paren"], match["paren2"]) if p)
        stated = (match["type"] or "").strip()
        if stated and len(stated.split()) > 3:
            notes, stated = f"{notes} {stated}", ""
        fields.append((match["name"], stated, notes))
    if len(fields) < 2 or len(fields) < 0.6 * len(items):
        return None
    return fields


def bullets(root: Section, source: str, found: Collected) -> None:
    """Bullet lists of fields under an entity heading (``### Bookings`` then ``* user_id (foreign key)``)."""
    for section, path in _walk(root, [root]):
        entity = entity_title(section.title)
        if entity is None:
            continue
        for block in section.blocks:
            if not isinstance(block, BulletList):
                continue
            values = lookups.values(block.items)
            if values and _in_model_context(path):
                found.seed(entity, values, source)  # "### Categories" then "- Food", "- Transport"
                continue
            fields = _field_items(block.items)
            if fields is None:
                continue
            names = {name for name, _, _ in fields}
            looks_like_fields = "id" in names or any(n.endswith(("_id", "_at")) for n in names)
            if not (_in_model_context(path) or looks_like_fields):
                continue
            for name, stated, notes in fields:
                found.attribute(entity, field_attribute(name, stated, notes), source)


def inline(root: Section, source: str, found: Collected) -> None:
    """Lines such as ``Users: id, email, role`` (in a data-model section, or listing an id)."""
    for section, path in _walk(root, [root]):
        context = _in_model_context(path)
        for text in iter_texts(Section("", 0, section.blocks)):
            for line in text.splitlines():
                match = _INLINE.match(line.strip())
                if match is None or len(match["entity"].split()) > 3:
                    continue
                if naming.key(match["entity"]) in _SCHEMA_LABELS:
                    continue  # "Indexes: email, role" says something of the fields, names no entity
                names = [name.strip("`") for name in re.split(r"\s*,\s*", match["fields"])]
                if not context and "id" not in names and not found.has(match["entity"]):
                    continue
                for name in names:
                    found.attribute(match["entity"].strip(), field_attribute(name, "", ""), source)


def trees(root: Section, source: str, found: Collected) -> None:
    """ASCII trees of tables and columns: ``students`` then ``├── id (PK)``."""
    for block in root.all_blocks():
        if not isinstance(block, Fence) or block.info.lower() not in ("", "text", "txt", "plain"):
            continue
        lines = block.text.splitlines()
        current: str | None = None
        for line in lines:
            column = _TREE_COLUMN.match(line)
            if column and current is not None:
                rest = column["rest"]
                notes = rest.split("←", 1)[-1] if "←" in rest else ""
                keys = re.findall(r"\(([^)]*)\)", rest.split("←", 1)[0])
                found.attribute(
                    current, field_attribute(column["name"], "", " ".join(keys) + " " + notes), source
                )
                continue
            table = _TREE_TABLE.match(line.strip())
            following = lines[lines.index(line) + 1] if lines.index(line) + 1 < len(lines) else ""
            if table and line == line.lstrip() and _TREE_COLUMN.match(following):
                current = table["name"]
            elif line.strip():
                current = None if not column else current


def _relation(found: Collected, a: str, b: str, kind: str, source: str) -> None:
    through = _THROUGH.search(kind)
    join = (through["x"] or through["y"]) if through else None
    if join:
        found.relate(a, join, "one", "many", "", source)
        found.relate(b, join, "one", "many", "", source)
    elif _MANY_MANY.search(kind):
        found.relate(a, b, "many", "many", "", source)
    elif _ONE_ONE.search(kind):
        found.relate(a, b, "one", "zero_or_one", "", source)
    elif _MANY_ONE.search(kind):
        found.relate(b, a, "one", "many", "", source)
    else:
        found.relate(a, b, "one", "many", "", source)


def _named(line: str) -> list[str]:
    """The tables or entities a bullet names (``roles / user_roles``), none if it says more."""
    match = _NAMES.match(_plain(line))
    if match is None or len((match["gloss"] or "").split()) > 5:
        return []  # a sentence after the name: a note about it, not a gloss
    names = [match["names"], *re.split(r"\s*[/,、]\s*", match["more"].strip(" /,、"))]
    return [name for name in names if name and not _NOT_A_TABLE.match(name)]


def concepts(root: Section, source: str, found: Collected) -> None:
    """Conceptual entity lists and relationship lines in data-model sections."""
    for section, path in _walk(root, [root]):
        if not _in_model_context(path):
            continue
        listing_entities = bool(_ENTITY_LIST_SECTIONS.search(section.title))
        listing_tables = any(_ENTITY_LIST_SECTIONS.search(_plain(s.title)) for s in path)
        under_an_entity = entity_title(section.title) is not None  # its bullets are that entity's fields
        for block in section.blocks:
            if not isinstance(block, BulletList):
                continue
            for item in block.items:
                line = item.text.splitlines()[0].strip() if item.text else ""
                relation = _RELATION_LINE.match(line)
                if relation and (relation["kind"] or relation["kind2"] or "↔" in line or "→" in line):
                    _relation(
                        found,
                        relation["a"],
                        relation["b"],
                        relation["kind"] or relation["kind2"] or "",
                        source,
                    )
                    continue
                concept = _CONCEPT.match(line)
                if concept and listing_entities and not item.children:
                    found.entity(concept["name"], source)
                    continue
                if listing_tables and not item.children and not under_an_entity:
                    for name in _named(line):
                        found.entity(name, source)


_PHRASES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"\b(?:each|every|a|an|one)\s+(?P<a>[a-z][a-z ]{1,30}?)\s+(?:has|have|contains?|owns?)\s+"
            r"(?:many|multiple|several|one or more|zero or more)\s+(?P<b>[a-z][a-z ]{1,30}?)\b",
            re.I,
        ),
        "1n",
    ),
    (
        re.compile(r"\b(?P<a>[a-z][a-z ]{1,30}?)\s+(?:has|have)\s+many\s+(?P<b>[a-z][a-z ]{1,30}?)\b", re.I),
        "1n",
    ),
    (
        re.compile(
            r"\b(?:each|every|a|an)\s+(?P<b>[a-z][a-z ]{1,30}?)\s+belongs\s+to\s+(?:a|an|one|the)\s+"
            r"(?P<a>[a-z][a-z ]{1,30}?)\b",
            re.I,
        ),
        "1n",
    ),
    (
        re.compile(
            r"\b(?:each|every)\s+(?P<a>[a-z][a-z ]{1,30}?)\s+has\s+(?:one|a|an|exactly one)\s+"
            r"(?P<b>[a-z][a-z ]{1,30}?)\b",
            re.I,
        ),
        "11",
    ),
]


def _said(text: str) -> tuple[tuple[str, str, str], ...]:
    """The (a, b, kind) of each relationship phrase in ``text``, in order."""
    return tuple(
        (naming.key(match["a"].strip()), naming.key(match["b"].strip()), kind)
        for pattern, kind in _PHRASES
        for match in pattern.finditer(text)
    )


def phrases(root: Section, source: str, found: Collected) -> None:
    """Relationships said in words between entities already found: "each X has many Y"."""
    known = {naming.key(found.entities[k].name): found.entities[k].name for k in found.entities}
    for text in iter_texts(root):
        for key_a, key_b, kind in _said(text):
            a, b = known.get(key_a), known.get(key_b)
            if a is None or b is None or a == b:
                continue
            right_end: End = "many" if kind == "1n" else "zero_or_one"
            found.relate(a, b, "one", right_end, "", source)
