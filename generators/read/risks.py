"""The technical risks the architecture names: a table with a risk column, and its impact and
mitigation where given (in the languages the corpus is written in)."""

from __future__ import annotations

from generators.model import Risk
from generators.read.markdown import Section, Table

_RISK = (
    "risk",
    "risks",
    "riesgo",
    "riesgos",
    "risque",
    "risques",
    "risiko",
    "risiken",
    "rischio",
    "риск",
    "риски",
    "风险",
    "風險",
    "リスク",
    "위험",
    "리스크",
)
_IMPACT = (
    "impact",
    "severity",
    "likelihood × impact",
    "level",
    "impacto",
    "gravité",
    "auswirkung",
    "impatto",
    "влияние",
    "影响",
    "影響",
    "영향",
)
_MITIGATION = (
    "mitigation",
    "mitigations",
    "response",
    "plan",
    "mitigación",
    "atténuation",
    "mitigierung",
    "maßnahme",
    "mitigazione",
    "митигация",
    "меры",
    "缓解",
    "緩解",
    "対策",
    "완화",
)
_LEVELS = {
    "high": "high",
    "critical": "high",
    "medium": "medium",
    "med": "medium",
    "low": "low",
    "alto": "high",
    "alta": "high",
    "medio": "medium",
    "media": "medium",
    "bajo": "low",
    "baja": "low",
    "élevé": "high",
    "haut": "high",
    "moyen": "medium",
    "faible": "low",
    "hoch": "high",
    "mittel": "medium",
    "niedrig": "low",
    "высокий": "high",
    "средний": "medium",
    "низкий": "low",
    "高": "high",
    "中": "medium",
    "低": "low",
}
_MAX = 300


def _column(header: tuple[str, ...], names: tuple[str, ...]) -> int | None:
    for index, cell in enumerate(header):
        if cell.strip().lower().strip("*_` ") in names:
            return index
    return None


def _level(cell: str) -> str:
    words = cell.strip().lower().replace("/", " ").split()
    return next((_LEVELS[word] for word in words if word in _LEVELS), "")


def _read(table: Table) -> list[Risk]:
    risk = _column(table.header, _RISK)
    if risk is None:
        return []
    impact = _column(table.header, _IMPACT)
    mitigation = _column(table.header, _MITIGATION)
    found = []
    for row in table.rows:
        if risk >= len(row) or not row[risk].strip():
            continue
        found.append(
            Risk(
                risk=row[risk].strip()[:_MAX],
                impact=_level(row[impact]) if impact is not None and impact < len(row) else "",
                mitigation=row[mitigation].strip()[:_MAX]
                if mitigation is not None and mitigation < len(row)
                else "",
            )
        )
    return found


def read(root: Section | None) -> tuple[Risk, ...]:
    """The risks of the architecture's risk tables (none where it has none)."""
    if root is None:
        return ()
    found: list[Risk] = []
    for block in root.all_blocks():
        if isinstance(block, Table):
            found.extend(_read(block))
    return tuple(found[:30])
