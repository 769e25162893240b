"""What checking one address found, as plain data that the cache can keep and a report can judge."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

PERMANENT = (301, 308)
TEMPORARY = (302, 303, 307)
REDIRECTS = PERMANENT + TEMPORARY

# Why a request got no HTTP answer; each is an error.
FAILURES = {
    "timeout": "did not answer in time",
    "refused": "refused the connection",
    "dns": "has a host name that does not resolve",
    "tls": "failed the secure connection (TLS)",
    "connection": "broke the connection",
    "loop": "redirects in a loop",
    "redirects": "redirects too many times",
    "invalid": "is not a valid address",
}


@dataclass
class Outcome:
    """The answer to one address: the final status after redirects, or why there was none."""

    url: str
    status: int | None = None
    final_url: str = ""
    redirects: list[tuple[int, str]] = field(default_factory=list)  # (status, where it sent us), in order
    failure: str = ""  # a key of FAILURES
    detail: str = ""  # what the client said about the failure
    elapsed: float = 0.0  # seconds, waits between retries included
    slowest: float = 0.0  # seconds of the slowest single request: how slow the site itself is
    attempts: int = 1  # requests made for the final answer (retries included)
    retry_after: float | None = None  # a `Retry-After` too long to wait for, which ended the retries
    checked_at: float = 0.0  # seconds since the epoch

    @property
    def answered(self) -> bool:
        """The site gave a real answer (not a refusal to answer now): worth remembering for a while.

        A timeout, a 5xx or a 429 may pass by tomorrow, so such results are checked again on every run.
        """
        return not self.failure and self.status is not None and self.status != 429 and self.status < 500

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["redirects"] = [list(hop) for hop in self.redirects]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Outcome:
        known = {key: data[key] for key in cls.__dataclass_fields__ if key in data}
        known["redirects"] = [(int(status), str(url)) for status, url in known.get("redirects", [])]
        return cls(**known)
