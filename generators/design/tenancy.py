"""The tenant: the record every account belongs to and the data is partitioned by (a clinic, an
organisation, a restaurant). Where there is one, the token carries its id, clients never send it,
and every query of a table that holds it filters by the caller's."""

from __future__ import annotations

import re

from generators import naming
from generators.design.schema import Model

# Words that name what a SaaS partitions its data by, in the names ERDs give such tables.
_TENANT_WORDS = frozenset(
    {
        "organization", "organisation", "org", "tenant", "company", "workspace", "clinic", "restaurant",
        "school", "account", "business", "store", "shop", "practice", "agency", "club", "venue", "hotel",
        "salon", "gym", "studio", "firm", "household", "hospital", "church", "academy", "university",
    }
)  # fmt: skip
_ID = re.compile(r"(?i)[_\s-]*id$")


def find(models: list[Model], user_model: str, claims: tuple[str, ...]) -> str:
    """The tenant entity ("" if none): the one a claim of the architecture's token names
    (``clinicId``), else the one every user must belong to, when its name says tenant and other
    tables hold it too."""
    names = {naming.key(model.name): model.name for model in models if not model.is_join}
    for claim in claims:
        named = names.get(naming.key(_ID.sub("", claim)))
        if named and named != user_model:
            return named
    user = next((model for model in models if model.name == user_model), None)
    if user is None:
        return ""
    for fk in user.fks:
        if fk.optional or fk.target == user_model:
            continue
        words = {word.lower() for word in naming.words(fk.target)}
        holders = [m for m in models if m.name not in (user_model, fk.target) and holds(m, fk.target)]
        if words & _TENANT_WORDS and len(holders) >= 2:
            return fk.target
    return ""


def holds(model: Model, tenant: str) -> bool:
    """Whether ``model`` has a column referencing the tenant."""
    return any(fk.target == tenant for fk in model.fks)


def column(model: Model, tenant: str) -> str:
    """The column of ``model`` that references the tenant ("" if none)."""
    return next((fk.column for fk in model.fks if fk.target == tenant), "")


def reach(models: list[Model], tenant: str) -> dict[str, str]:
    """The tables the tenant scopes: each that holds its id (→ "") or reaches it through a parent
    that does (→ that parent's name); empty without a tenant."""
    if not tenant:
        return {}
    holders = {model.name: "" for model in models if model.name != tenant and holds(model, tenant)}
    through = {
        model.name: parent
        for model in models
        if model.name != tenant and model.name not in holders
        for parent in [next((fk.target for fk in model.fks if fk.target in holders), "")]
        if parent
    }
    return {**holders, **through}


def claim(tenant: str) -> str:
    """The token claim of the tenant's id: ``Clinic`` → ``clinicId``."""
    return naming.camel(tenant) + "Id" if tenant else ""
