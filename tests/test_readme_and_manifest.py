"""The README documents every setting; the manifest declares what the code serves."""

from __future__ import annotations

import re

import yaml

from bot.settings import Settings
from bot.slack.app import COMMAND
from tests.samples import ROOT


def test_every_setting_is_documented_in_the_readme() -> None:
    """Each field of Settings appears as its environment variable in the README's table."""
    readme = (ROOT / "README.md").read_text()
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", readme, re.MULTILINE))
    fields = {name.upper() for name in Settings.model_fields}
    assert fields <= documented, f"undocumented: {sorted(fields - documented)}"
    assert documented <= fields, f"documented but unknown: {sorted(documented - fields)}"


def test_readme_shows_the_two_commands() -> None:
    """The README names make demo and make test."""
    readme = (ROOT / "README.md").read_text()
    assert "make demo" in readme
    assert "make test" in readme


def test_manifest_declares_the_command_scopes_and_socket_mode() -> None:
    """manifest.yml: /dev-backend with a usage hint, the three scopes, Socket Mode on."""
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text())
    (command,) = manifest["features"]["slash_commands"]
    assert command["command"] == COMMAND
    assert "<slug>" in command["usage_hint"]
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == {"commands", "chat:write", "chat:write.public"}
    assert manifest["settings"]["socket_mode_enabled"] is True
