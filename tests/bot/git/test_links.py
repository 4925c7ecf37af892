"""Browse links from remote URLs: forges, URL forms, credentials kept out."""

from __future__ import annotations

import pytest

from bot.git.links import web_for

PATH = "workspaces/pets/code/backend/backend-plan.md"


def test_github_example_from_the_issue() -> None:
    """https://github.com/acme/mvps and slug pets give the documented three links."""
    web = web_for("https://github.com/acme/mvps")
    assert web is not None
    assert web.branch("dev-backend/pets") == "https://github.com/acme/mvps/tree/dev-backend/pets"
    assert web.file("dev-backend/pets", PATH) == (
        "https://github.com/acme/mvps/blob/dev-backend/pets/workspaces/pets/code/backend/backend-plan.md"
    )
    assert web.pull_request("main", "dev-backend/pets") == (
        "https://github.com/acme/mvps/compare/main...dev-backend/pets?expand=1"
    )


@pytest.mark.parametrize(
    ("remote", "base"),
    [
        ("https://x-access-token:ghp_SECRET@github.com/acme/mvps.git", "https://github.com/acme/mvps"),
        ("git@github.com:acme/mvps.git", "https://github.com/acme/mvps"),
        ("ssh://git@github.com/acme/mvps.git", "https://github.com/acme/mvps"),
        ("https://oauth2:glpat-SECRET@gitlab.com/group/sub/mvps.git", "https://gitlab.com/group/sub/mvps"),
        ("git@gitlab.example.com:team/mvps.git", "https://gitlab.example.com/team/mvps"),
        ("https://user:app-pass@bitbucket.org/acme/mvps.git", "https://bitbucket.org/acme/mvps"),
        ("ssh://git@codeberg.org:22/acme/mvps.git", "https://codeberg.org/acme/mvps"),
        ("https://gitea.internal/acme/mvps.git", "https://gitea.internal/acme/mvps"),
    ],
)
def test_remote_forms_and_no_credentials(remote: str, base: str) -> None:
    """https and ssh forms of each forge; a token in the remote never appears in a link."""
    web = web_for(remote)
    assert web is not None
    assert web.base == base
    for url in (
        web.branch("dev-backend/pets"),
        web.file("dev-backend/pets", PATH),
        web.pull_request("main", "b"),
    ):
        assert "SECRET" not in url
        assert "@" not in url


def test_forge_specific_paths() -> None:
    """GitLab, Bitbucket and Gitea have their own branch, file and merge-request pages."""
    gitlab = web_for("git@gitlab.com:g/m.git")
    bitbucket = web_for("git@bitbucket.org:a/m.git")
    gitea = web_for("https://codeberg.org/a/m")
    assert gitlab is not None
    assert bitbucket is not None
    assert gitea is not None
    assert gitlab.branch("x/y") == "https://gitlab.com/g/m/-/tree/x/y"
    assert gitlab.pull_request("main", "x/y").endswith(
        "merge_request%5Bsource_branch%5D=x%2Fy&merge_request%5Btarget_branch%5D=main"
    )
    assert bitbucket.file("x", "a.md") == "https://bitbucket.org/a/m/src/x/a.md"
    assert gitea.branch("x") == "https://codeberg.org/a/m/src/branch/x"


def test_file_remote_needs_web_url_which_wins() -> None:
    """A file URL has no browse page unless DEVBOT_WEB_URL says where (its credentials dropped)."""
    assert web_for("file:///srv/git/mvps.git") is None
    assert web_for("https://unknown-host.example/acme/mvps.git") is None
    web = web_for("file:///srv/git/mvps.git", "https://user:pw@git.example.com/acme/mvps/")
    assert web is not None
    assert web.base == "https://git.example.com/acme/mvps"
    assert web.branch("b") == "https://git.example.com/acme/mvps/tree/b"
