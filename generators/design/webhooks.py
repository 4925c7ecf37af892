"""The module that receives the providers' webhooks the architecture names: one public route per
provider, its signature checked before anything is read."""

from __future__ import annotations

from generators import naming
from generators.design.api import Endpoint, Module
from generators.model import Background


def module(work: tuple[Background, ...], taken: set[str]) -> Module | None:
    """The module that receives the providers' webhooks the architecture names (``None`` if it
    names none): one public route per provider, its signature checked before anything is read."""
    providers = list(dict.fromkeys(item.name for item in work if item.kind == "webhook"))
    if not providers:
        return None
    name = "webhooks" if "webhooks" not in taken else "providerWebhooks"
    module = Module(
        name=name,
        purpose="Receives the providers' webhooks the architecture names: each checks the provider's "
        "signature on the raw body, records the event id (a replay is answered 200 and ignored) and "
        "hands the work to the queue.",
    )
    for provider in providers:
        label = provider[:1].upper() + provider[1:]
        handler = "handle" + naming.pascal_exact(provider)
        module.endpoints.append(
            Endpoint(
                method="POST",
                path=f"/webhooks/{naming.snake(provider).replace('_', '-')}",
                summary=f"Receive {label} events (signature verified, idempotent by event id)",
                operation_id=f"receive{naming.pascal_exact(provider)}Webhook",
                kind="webhook",
                module=name,
                service_method=handler,
                status=200,
                errors=(400,),
                public=True,
                note="the raw body is kept for the signature check; a bad signature is a 400",
            )
        )
        module.services.append(
            (
                f"{handler}(rawBody, signature)",
                f"verify {label}'s signature, skip a seen event id, enqueue the work",
            )
        )
    return module
