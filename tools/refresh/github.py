"""GitHub repositories: code URLs -> RepoHealth (active, archived, moved, gone; last push, stars, licence).

`GET /repos/{owner}/{repo}` with the token from GITHUB_TOKEN, as a conditional request: the ETag
of the last answer is kept in .cache/refresh/github.json, and a 304 (which GitHub does not count
against the rate limit) reuses the stored result. A renamed or transferred repository answers 301
to its new address, or under its new full_name: it is `moved`. 404 and 451 are `gone`. When the
rate limit is reached the remaining repositories are skipped, not waited for.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path

import requests

from .session import TIMEOUT, endpoint, polite_session

_REPO_URL = re.compile(r"^https?://(?:www\.)?github\.com/(?P<owner>[A-Za-z0-9-]+)/(?P<repo>[A-Za-z0-9._-]+)")
# First path segments that are pages of GitHub itself, not owners.
_NOT_OWNERS = {"orgs", "topics", "features", "marketplace", "sponsors", "settings", "collections", "about"}


class GitHubError(Exception):
    """A repository could not be checked (the reason is for the report)."""


class RateLimitError(GitHubError):
    """No further request is worth making in this run (rate limit reached, or GitHub unreachable)."""


@dataclass(frozen=True)
class RepoHealth:
    status: str  # active, archived, moved or gone
    moved_to: str | None = None
    pushed_at: str | None = None  # YYYY-MM-DD
    stars: int | None = None
    licence: str | None = None
    archived: bool = False  # also true of a moved repository that is archived under its new name


def repository_of(url: str) -> str | None:
    """'https://github.com/owner/repo/tree/main/x' -> 'owner/repo'; None when the URL is no repository."""
    match = _REPO_URL.match(url)
    if not match or match.group("owner").lower() in _NOT_OWNERS:
        return None
    repo = match.group("repo").removesuffix(".git")
    return f"{match.group('owner')}/{repo}" if repo not in ("", ".", "..") else None


def _date(value: object) -> str | None:
    if not isinstance(value, str) or not value:
        return None
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()


def _health(asked: str, body: object) -> RepoHealth:
    if not isinstance(body, dict) or not isinstance(body.get("full_name"), str):
        raise GitHubError("GitHub's answer has no full_name")
    full_name = body["full_name"]
    licence = (body.get("license") or {}).get("spdx_id") if isinstance(body.get("license"), dict) else None
    stars = body.get("stargazers_count")
    archived = bool(body.get("archived"))
    # A 301 (followed) ends at the new name; GitHub may also answer the old path under the new name.
    moved = full_name.casefold() != asked.casefold()
    status = "moved" if moved else "archived" if archived else "active"
    return RepoHealth(
        status=status,
        moved_to=f"https://github.com/{full_name}" if moved else None,
        pushed_at=_date(body.get("pushed_at")),
        stars=stars if isinstance(stars, int) and stars >= 0 else None,
        licence=licence or None,
        archived=archived,
    )


class GitHubClient:
    def __init__(self, cache_file: Path | None = None, session: requests.Session | None = None) -> None:
        self.url = endpoint("github")
        token = os.environ.get("GITHUB_TOKEN", "")
        headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.session = session or polite_session(headers)
        self.cache_file = cache_file
        self.cache: dict[str, dict] = {}
        if cache_file and cache_file.is_file():
            try:
                self.cache = json.loads(cache_file.read_text(encoding="utf-8")).get("repos", {})
            except (ValueError, AttributeError):
                self.cache = {}  # a damaged cache only costs full requests
        self.limited: str | None = None  # why the rest of the run skips GitHub

    def check(self, repo: str) -> RepoHealth:
        if self.limited:
            raise RateLimitError(self.limited)
        key = repo.casefold()
        cached = self.cache.get(key)
        headers = {"If-None-Match": cached["etag"]} if cached and cached.get("etag") else {}
        try:
            response = self.session.get(f"{self.url}/repos/{repo}", headers=headers, timeout=TIMEOUT)
        except requests.ConnectionError as error:  # after urllib3's retries: no point asking again this run
            self.limited = f"cannot reach GitHub ({type(error).__name__})"
            raise RateLimitError(self.limited) from error
        except requests.RequestException as error:
            raise GitHubError(f"no answer from GitHub ({type(error).__name__})") from error
        if response.status_code == 304 and cached:
            return RepoHealth(**cached["health"])
        if response.status_code in (404, 410, 451):
            health = RepoHealth(status="gone")
            self.cache.pop(key, None)
            return health
        if response.status_code in (403, 429) and (
            response.headers.get("x-ratelimit-remaining") == "0" or response.status_code == 429
            or "rate limit" in response.text.lower()
        ):
            reset = response.headers.get("x-ratelimit-reset", "")
            when = (dt.datetime.fromtimestamp(int(reset), dt.UTC).strftime("%H:%M UTC")
                    if reset.isdigit() else "later")
            self.limited = f"GitHub rate limit reached (HTTP {response.status_code}; it resets at {when})"
            raise RateLimitError(self.limited)
        if response.status_code != 200:
            raise GitHubError(f"GitHub answered HTTP {response.status_code}")
        try:
            body = response.json()
        except ValueError as error:
            raise GitHubError("GitHub's answer is not valid JSON") from error
        health = _health(repo, body)
        etag = response.headers.get("ETag")
        if etag:
            self.cache[key] = {"etag": etag, "health": asdict(health)}
        return health

    def save_cache(self) -> None:
        if self.cache_file is None:
            return
        self.cache_file.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"repos": dict(sorted(self.cache.items()))}, indent=1, sort_keys=True) + "\n"
        temp = self.cache_file.with_suffix(".tmp")
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, self.cache_file)
