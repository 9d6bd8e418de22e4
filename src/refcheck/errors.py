"""One exception tree per boundary; the CLI turns these into one-line messages.

Messages never carry secrets: the E-utilities client builds them from the
request's path and status only, never from the URL with its query.
"""

from __future__ import annotations


class RefcheckError(Exception):
    """Base of every error refcheck raises on purpose."""


class ConfigError(RefcheckError):
    """Bad option, environment variable or config value (exit code 2)."""


class InputError(RefcheckError):
    """An input could not be read or decoded; the run goes on without it."""


class EutilsError(RefcheckError):
    """E-utilities could not give a usable answer (after retries where retrying helps)."""


class EutilsParseError(EutilsError):
    """E-utilities answered, but the body is not a usable PubmedArticleSet."""


class CacheError(RefcheckError):
    """The cache file is unusable (corrupt, foreign, locked too long)."""


class CacheConfigError(CacheError, ConfigError):
    """The cache's path names something that is not a refcheck cache (another program's
    file, a folder): a setting to correct, which no later run gets past (exit code 2)."""
