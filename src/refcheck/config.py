"""One frozen Settings object: flag > REFCHECK_*/NCBI_* environment > default.

The API key is held here and nowhere else; `repr` hides it so that a Settings
object printed in a log or a traceback cannot leak it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from refcheck.errors import ConfigError

DEFAULT_EUTILS_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
TOOL_NAME = "refcheck"
DEFAULT_EMAIL = "refcheck-users@invalid.example"  # NCBI asks for a contact; users should set theirs
DAY = 86_400.0


def default_cache_path(env: Mapping[str, str]) -> Path:
    """`./cache/refcheck.sqlite` when run inside a checkout, else the user cache dir.

    A project-local cache is what the brief's layout asks for; people who run
    the installed tool elsewhere get the XDG location instead of a stray folder.
    """
    if env.get("REFCHECK_CACHE"):
        return Path(env["REFCHECK_CACHE"]).expanduser()
    local = Path.cwd() / "cache"
    if local.is_dir():
        return local / "refcheck.sqlite"
    xdg = env.get("XDG_CACHE_HOME", "")
    # the XDG spec: a relative path is invalid and is ignored
    base = xdg if os.path.isabs(xdg) else str(Path.home() / ".cache")
    return Path(base) / "refcheck" / "refcheck.sqlite"


@dataclass(frozen=True)
class Settings:
    eutils_url: str = DEFAULT_EUTILS_URL
    api_key: str | None = field(default=None, repr=False)
    email: str = DEFAULT_EMAIL
    tool: str = TOOL_NAME
    cache_path: Path = Path("cache/refcheck.sqlite")
    max_age: float = 30 * DAY  # seconds a cached record stays fresh
    notice_max_age: float = 7 * DAY  # retraction / notice status is re-checked sooner
    not_found_max_age: float = 1 * DAY  # "no such PMID" is cached only briefly
    offline: bool = False  # cache (or mirror) only; misses become unverified
    source: str = "eutils"  # "eutils" (cache, then NCBI) or "mirror" (local PubMed mirror only)
    timeout: float = 30.0
    attempts: int = 5  # tries per request, first one included
    batch_size: int = 200
    backoff_max: float = 30.0

    @property
    def rate(self) -> float:
        """Requests per second NCBI allows this client."""
        return 10.0 if self.api_key else 3.0

    @property
    def base_url(self) -> str:
        return self.eutils_url if self.eutils_url.endswith("/") else self.eutils_url + "/"


_EMAIL = re.compile(r"^[^\s@]+@[^\s@]+$")
_MAX_TIMEOUT = 86_400.0  # a day: beyond it (or inf) the HTTP stack overflows its clock


def _is_http_url(url: str) -> bool:
    """An http(s) URL with a host, a valid port and nothing a request line cannot carry."""
    if not url.startswith(("http://", "https://")) or any(c.isspace() for c in url):
        return False
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises for a port that is no number
    except ValueError:  # `http://[::1` and the like
        return False
    return bool(parts.hostname)


def settings_from_env(env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """Build Settings from the environment, then apply explicit (flag) overrides.

    Overrides whose value is None are ignored, so CLI code can pass every flag.
    """
    env = os.environ if env is None else env
    values: dict[str, object] = {
        "eutils_url": env.get("REFCHECK_EUTILS_URL") or DEFAULT_EUTILS_URL,
        "api_key": env.get("NCBI_API_KEY") or None,
        "email": env.get("NCBI_EMAIL") or DEFAULT_EMAIL,
        "cache_path": default_cache_path(env),
    }
    values.update({k: v for k, v in overrides.items() if v is not None})
    settings = Settings(**values)  # type: ignore[arg-type]
    if not (0 < settings.timeout <= _MAX_TIMEOUT) or settings.attempts < 1:  # NaN fails too
        raise ConfigError(
            f"--timeout must be a number of seconds from 0 to {_MAX_TIMEOUT:g}"
            " and --retries at least 0"
        )
    if not _is_http_url(settings.base_url):
        raise ConfigError(
            f"REFCHECK_EUTILS_URL must be an http(s) URL, got {settings.eutils_url!r}"
        )
    if not _EMAIL.match(settings.email):
        raise ConfigError("NCBI_EMAIL must be an e-mail address without spaces")
    if settings.api_key is not None and not re.fullmatch(r"[A-Za-z0-9]{8,64}", settings.api_key):
        raise ConfigError("NCBI_API_KEY has an unexpected form (expected letters and digits)")
    return settings
