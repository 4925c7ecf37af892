"""The bot's configuration: the one place the environment is read."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot import slugs
from bot.errors import BadSetting
from bot.forge.target import ForgeKind, NoTarget, Target, resolve


def _default_cache() -> Path:
    return Path.home() / ".cache" / "devbot"


class Settings(BaseSettings):
    """Every setting, read from the environment (and ``.env`` when present)."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    slack_bot_token: SecretStr | None = Field(None, description="Bot token (xoxb-…) for the Web API.")
    slack_signing_secret: SecretStr | None = Field(None, description="Signing secret (HTTP mode).")
    slack_app_token: SecretStr | None = Field(None, description="App-level token (xapp-…): Socket Mode.")
    slack_api_url: str = Field("https://slack.com/api/", description="Base URL of the Slack Web API.")
    devbot_repo_url: str = Field("", description="The workspaces repository: https, ssh or file URL.")
    devbot_base_branch: str = Field("main", description="Branch the plans start from.")
    devbot_branch_prefix: str = Field("dev-backend/", description="Prefix of the branches devbot pushes.")
    devbot_cache_dir: Path = Field(default_factory=_default_cache, description="Where clones are cached.")
    devbot_web_url: str = Field("", description="Browse URL of the repository, where the remote can't tell.")
    devbot_git_author_name: str = Field("devbot", description="Author name of devbot's commits.")
    devbot_git_author_email: str = Field("devbot@localhost", description="Author email of devbot's commits.")
    devbot_allowed_channels: Annotated[frozenset[str], NoDecode] = Field(
        frozenset(), description="Channel ids where the command works (comma-separated); empty: all."
    )
    devbot_allowed_users: Annotated[frozenset[str], NoDecode] = Field(
        frozenset(), description="User ids who may run it (comma-separated); empty: everyone."
    )
    devbot_workers: int = Field(4, ge=1, le=64, description="Jobs that run at once.")
    devbot_git_timeout: float = Field(120.0, gt=0, description="Seconds one git command may take.")
    devbot_job_timeout: float = Field(600.0, gt=0, description="Seconds one job may take in all.")
    devbot_slack_timeout: float = Field(10.0, gt=0, description="Seconds one Slack API call may take.")
    devbot_max_input_bytes: int = Field(2 * 1024 * 1024, ge=1024, description="Size cap per input document.")
    devbot_node_checks: bool = Field(
        True, description="Check Prisma and Mermaid with their own parsers where Node.js is installed."
    )
    devbot_node_modules: Path | None = Field(
        None,
        description="Folder whose node_modules holds the Prisma and Mermaid validators.",
    )
    devbot_forge_token: SecretStr | None = Field(
        None, description="Forge token: open or update a draft pull request after each push."
    )
    devbot_forge_api_url: str = Field("", description="The forge's API base URL (self-hosted forges).")
    devbot_forge_timeout: float = Field(10.0, gt=0, description="Seconds one forge API call may take.")
    devbot_database_url: SecretStr | None = Field(
        None,
        description="PostgreSQL URL: jobs, leases and run history live there (replicas and workers).",
    )
    devbot_lease_seconds: float = Field(
        30.0, ge=3, description="Seconds a worker's hold on a running job lasts unless renewed."
    )
    devbot_forge: ForgeKind | None = Field(
        None,
        validate_default=True,
        description="github, gitlab or gitea; told by the remote's host when unset.",
    )

    @field_validator("slack_api_url")
    @classmethod
    def _slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    @field_validator("devbot_allowed_channels", "devbot_allowed_users", mode="before")
    @classmethod
    def _ids(cls, value: Any) -> Any:
        if isinstance(value, str):
            return frozenset(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("devbot_base_branch")
    @classmethod
    def _branch(cls, value: str) -> str:
        if not slugs.safe_branch(value):
            raise ValueError("must be a plain branch name such as main")
        return value

    @field_validator("devbot_git_author_name", "devbot_git_author_email")
    @classmethod
    def _person(cls, value: str) -> str:
        if not value.strip() or any(c in value for c in "<>\n\r\0"):
            raise ValueError("must be non-empty, without <, > or line breaks")
        return value

    @field_validator("devbot_branch_prefix")
    @classmethod
    def _prefix(cls, value: str) -> str:
        if not value or value.startswith(("-", "/")) or ".." in value or " " in value:
            raise ValueError("must be a plain ref prefix such as dev-backend/")
        return value

    @field_validator("devbot_forge")
    @classmethod
    def _forge(cls, value: ForgeKind | None, info: ValidationInfo) -> ForgeKind | None:
        """With a token, the forge and the project must be known (told, or read from the URLs)."""
        data = info.data
        if data.get("devbot_forge_token") is not None:
            try:
                resolve(
                    value,
                    data.get("devbot_forge_api_url", ""),
                    data.get("devbot_repo_url", ""),
                    data.get("devbot_web_url", ""),
                )
            except NoTarget as err:
                raise ValueError(str(err)) from None
        return value

    @property
    def forge_target(self) -> Target | None:
        """Where pull requests are opened: ``None`` without ``DEVBOT_FORGE_TOKEN``."""
        if self.devbot_forge_token is None:
            return None
        return resolve(
            self.devbot_forge, self.devbot_forge_api_url, self.devbot_repo_url, self.devbot_web_url
        )

    @property
    def secrets(self) -> tuple[str, ...]:
        """The configured secrets, masked in every log line and message."""
        tokens = (
            self.slack_bot_token,
            self.slack_signing_secret,
            self.slack_app_token,
            self.devbot_forge_token,
        )
        found = [secret.get_secret_value() for secret in tokens if secret is not None]
        if self.devbot_database_url is not None:
            found.append(self.devbot_database_url.get_secret_value())
            password = _database_password(self.devbot_database_url.get_secret_value())
            if password:
                found.append(password)
        return tuple(found)

    @property
    def socket_mode(self) -> bool:
        """Socket Mode when an app-level token is set, else HTTP."""
        return self.slack_app_token is not None


def _database_password(url: str) -> str:
    """The password in a PostgreSQL URL or key=value string, if it has one."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        return str(conninfo_to_dict(url).get("password") or "")
    except Exception:  # malformed: connecting will say so; the whole URL is masked anyway
        return ""


def load() -> Settings:
    """The settings from the environment; a malformed one is a ``BadSetting`` naming its variable."""
    try:
        return Settings()
    except ValidationError as err:
        first = err.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "a setting"
        raise BadSetting(f"{name} is not valid: {first['msg'].lower()}") from None
