"""Settings in one place: where the store lives and the thresholds every view shares."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from kpi_model.errors import ConfigError
from kpi_model.fiscal import today_in_bangkok

__all__ = ["ENV_INTS", "Settings", "SharedStorage", "check", "default_store_dir", "from_environment", "settings"]


def default_store_dir() -> Path:
    """The store folder: ``KPI_STORE`` if set, else ``data/`` beside the project."""
    env = os.environ.get("KPI_STORE")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "data"


ROLES = ("writer", "replica")


@dataclass(frozen=True)
class SharedStorage:
    """Where the one writer publishes store versions and replicas pull them (DESIGN §8).

    ``url``: ``file:///absolute/folder`` (a shared folder, NFS) or ``s3://bucket/prefix``.
    ``role``: ``writer`` (every write is published) or ``replica`` (a puller copies each new
    version whole, verifies it, then switches). ``poll_seconds``: how often a replica asks for
    the latest version. ``s3_endpoint``: the object store's address (``http://host:port``);
    it is required for ``s3://``, so nothing is sent to a default cloud endpoint. The keys come
    from ``KPI_SHARED_S3_ACCESS_KEY`` / ``KPI_SHARED_S3_SECRET_KEY`` (never shown in a repr).
    """

    url: str
    role: str
    poll_seconds: int = 2
    s3_endpoint: str | None = None
    access_key: str | None = field(default=None, repr=False)
    secret_key: str | None = field(default=None, repr=False)

    @property
    def is_s3(self) -> bool:
        return self.url.startswith("s3://")


@dataclass(frozen=True)
class Settings:
    """Business settings. Ratios are unitless shares of the plan (1.0 = on plan).

    ``met_ratio``/``on_track_ratio``: status thresholds on ratio = progress / plan
    (``KPI_MET_PERCENT``, ``KPI_ON_TRACK_PERCENT``: percents of plan, 100 and 80 unless set).
    ``default_plan``: the cumulative share of the annual target expected by the end of
    quarters 1–4 when the source records no plan (BMA's usual linear profile;
    ``KPI_DEFAULT_PLAN=25-50-75-100``). Every chart, legend, sentence and the pack read these;
    a store scored under others is scored again as it is read (``python -m kpi_model rescore``
    stores the new verdicts).
    ``score_tolerance``: points on the 0–100 scale a recorded score may differ from the
    computed one before it is flagged.
    ``far_above_ratio``: a result above this multiple of the target is flagged.
    ``versions_kept``: how many past store versions are kept for rollback.
    ``max_upload_mb``: the largest file (megabytes) the import page accepts; larger uploads
    are refused before they are saved (``KPI_MAX_UPLOAD_MB``).
    ``require_login``: when true, nothing but the sign-in prompt is shown to a visitor who has
    not signed in (``KPI_REQUIRE_LOGIN=1``); viewing is open by default.
    ``max_unpacked_mb``: the most an .xlsx may unpack to (megabytes, the sum of its parts'
    declared sizes), checked before it is opened (``KPI_MAX_UNPACKED_MB``).
    ``max_rows``: the most data rows one CSV or XLSX file may hold (``KPI_MAX_ROWS``).
    ``sign_in_attempts`` / ``sign_in_attempts_per_address`` / ``sign_in_window_minutes``: failed
    sign-ins allowed per account, and per address (``st.context.ip_address``), within the window
    before further attempts are refused until it passes (``KPI_SIGN_IN_ATTEMPTS``,
    ``KPI_SIGN_IN_ATTEMPTS_PER_ADDRESS``, ``KPI_SIGN_IN_WINDOW_MINUTES``).
    ``trusted_proxies``: the addresses (or networks) of the reverse proxies in front of the app
    (``KPI_TRUSTED_PROXIES``, comma-separated, e.g. ``127.0.0.1`` for ``make cluster``'s HAProxy):
    only a connection from one of them may name the visitor's address in ``X-Forwarded-For``;
    empty (the default) trusts no header.
    ``server_forwarded_allow``: the hosts Streamlit's own server (uvicorn) takes
    ``X-Forwarded-For`` from (``FORWARDED_ALLOW_IPS``, loopback when unset; ``*`` is refused):
    it rewrites such a connection's address before the app sees it, so the app accepts that
    rewrite only when every one of them is a trusted proxy.
    ``session_hours``: how long a local sign-in lasts in its signed cookie, across reloads and
    replicas (``KPI_SESSION_HOURS``).
    ``upload_mb_per_hour``: megabytes one session, and one address, may upload in any hour
    (``KPI_UPLOAD_MB_PER_HOUR``).
    ``base_url``: the dashboard's public address (``KPI_BASE_URL``, http:// or https://), for
    the permalink on a briefing pack's cover; None (unset) and the cover says there is no link.
    ``as_of``: the day verdicts are judged on (a fiscal year whose 30 September has passed by
    then is closed: its annual verdict is met or not met); None is today in Bangkok.
    ``shared``: the shared storage of a replicated deployment (:class:`SharedStorage`,
    ``KPI_SHARED_*``), or None for one process over its own store.

    An environment variable that is set but cannot be read, or is out of its range, is a
    :class:`~kpi_model.errors.ConfigError` naming it (never a silent default).
    """

    met_ratio: float = 1.0
    on_track_ratio: float = 0.8
    default_plan: tuple[float, float, float, float] = (0.25, 0.5, 0.75, 1.0)
    score_tolerance: float = 10.0
    far_above_ratio: float = 3.0
    versions_kept: int = 5
    max_upload_mb: int = 20
    require_login: bool = False
    max_unpacked_mb: int = 32
    max_rows: int = 100_000
    sign_in_attempts: int = 5
    sign_in_attempts_per_address: int = 20
    sign_in_window_minutes: int = 15
    trusted_proxies: tuple[str, ...] = ()
    server_forwarded_allow: tuple[str, ...] = ("127.0.0.1/32", "::1/128")
    session_hours: int = 12
    upload_mb_per_hour: int = 200
    base_url: str | None = None
    statuses: tuple[str, ...] = field(default=("met", "on_track", "behind", "no_data"))
    shared: SharedStorage | None = None
    as_of: dt.date | None = None

    def judged_on(self) -> dt.date:
        """:attr:`as_of`, or today in Bangkok."""
        return self.as_of or today_in_bangkok()


#: (field, variable, lowest, highest): the integer settings an environment variable may set.
ENV_INTS: tuple[tuple[str, str, int, int], ...] = (
    ("max_upload_mb", "KPI_MAX_UPLOAD_MB", 1, 1024),
    ("max_unpacked_mb", "KPI_MAX_UNPACKED_MB", 1, 4096),
    ("max_rows", "KPI_MAX_ROWS", 1, 10_000_000),
    ("sign_in_attempts", "KPI_SIGN_IN_ATTEMPTS", 1, 1000),
    ("sign_in_attempts_per_address", "KPI_SIGN_IN_ATTEMPTS_PER_ADDRESS", 1, 10_000),
    ("sign_in_window_minutes", "KPI_SIGN_IN_WINDOW_MINUTES", 1, 1440),
    ("upload_mb_per_hour", "KPI_UPLOAD_MB_PER_HOUR", 1, 100_000),
    ("session_hours", "KPI_SESSION_HOURS", 1, 24 * 30),
)
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def _env_int(environ: Mapping[str, str], name: str, default: int, lo: int, hi: int) -> int:
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        value = None
    if value is None or not lo <= value <= hi:
        raise ConfigError(
            name,
            f"{name}={raw!r} ใช้ไม่ได้: ต้องเป็นจำนวนเต็มตั้งแต่ {lo:,} ถึง {hi:,}",
            f"{name}={raw!r} cannot be used: it must be a whole number from {lo:,} to {hi:,}",
        )
    return value


def _env_percent(environ: Mapping[str, str], name: str, default: float, lo: float, hi: float) -> float:
    """A threshold written in percent of plan (``80``), returned as a ratio (0.8)."""
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw.strip().rstrip("%").strip())
    except ValueError:
        value = float("nan")
    if not lo <= value <= hi:
        raise ConfigError(
            name,
            f"{name}={raw!r} ใช้ไม่ได้: ต้องเป็นร้อยละของแผนตั้งแต่ {lo:g} ถึง {hi:g} (เช่น 80)",
            f"{name}={raw!r} cannot be used: it must be a percent of plan from {lo:g} to {hi:g} (such as 80)",
        )
    return value / 100


def _env_plan(
    environ: Mapping[str, str], name: str, default: tuple[float, float, float, float]
) -> tuple[float, float, float, float]:
    """The default plan written as four cumulative percents of the target (``25-50-75-100``):
    none falling, the fourth 100."""
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        parts = [float(p) for p in raw.strip().split("-")]
    except ValueError:
        parts = []
    if len(parts) != 4 or parts[3] != 100 or any(not 0 <= p <= 100 for p in parts) or parts != sorted(parts):
        raise ConfigError(
            name,
            f"{name}={raw!r} ใช้ไม่ได้: ต้องเป็นแผนสะสมสี่ไตรมาสเป็นร้อยละของเป้าหมาย ไม่ลดลง และไตรมาสที่ 4 เป็น 100 (เช่น 25-50-75-100)",
            f"{name}={raw!r} cannot be used: it must be four cumulative percents of the target, none falling,"
            " the fourth 100 (such as 25-50-75-100)",
        )
    return (parts[0] / 100, parts[1] / 100, parts[2] / 100, 1.0)


def _env_bool(environ: Mapping[str, str], name: str, default: bool) -> bool:
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(
        name,
        f"{name}={raw!r} ใช้ไม่ได้: ต้องเป็น 1/true/yes/on หรือ 0/false/no/off",
        f"{name}={raw!r} cannot be used: it must be one of 1, true, yes, on or 0, false, no, off",
    )


def _env_url(environ: Mapping[str, str], name: str) -> str | None:
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return None
    value = raw.strip()
    host = value.split("://", 1)[1] if "://" in value else ""
    if not value.lower().startswith(("http://", "https://")) or not host or any(c.isspace() for c in value):
        raise ConfigError(
            name,
            f"{name}={raw!r} ใช้ไม่ได้: ต้องเป็นที่อยู่เว็บที่ขึ้นต้นด้วย http:// หรือ https://",
            f"{name}={raw!r} cannot be used: it must be a web address starting with http:// or https://",
        )
    return value.rstrip("/")


def _env_networks(environ: Mapping[str, str], name: str) -> tuple[str, ...]:
    """A comma-separated list of addresses or networks (``127.0.0.1``, ``10.0.0.0/8``, ``::1``),
    each checked and written in its canonical form; empty or unset is none."""
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return ()
    out = []
    for part in raw.split(","):
        try:
            out.append(str(ipaddress.ip_network(part.strip(), strict=False)))
        except ValueError:
            raise _refuse(
                name,
                raw,
                f"{part.strip()!r} ไม่ใช่ที่อยู่ IP หรือเครือข่าย (เช่น 127.0.0.1 หรือ 10.0.0.0/8)",
                f"{part.strip()!r} is not an IP address or network (such as 127.0.0.1 or 10.0.0.0/8)",
            ) from None
    return tuple(out)


def _refuse(name: str, raw: str, th: str, en: str) -> ConfigError:
    return ConfigError(name, f"{name}={raw!r} ใช้ไม่ได้: {th}", f"{name}={raw!r} cannot be used: {en}")


_S3_URL = re.compile(r"^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[A-Za-z0-9._-]+)*/?$")
_ENDPOINT = re.compile(r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?/?$")


def _shared(env: Mapping[str, str]) -> SharedStorage | None:
    """The ``KPI_SHARED_*`` variables, checked together: a URL without a role, a role without
    a URL, an S3 URL without its endpoint or keys is an error (a replica that silently served
    its own store, or a writer that silently published nowhere, would be wrong quietly)."""
    url = env.get("KPI_SHARED_URL", "").strip()
    role = env.get("KPI_SHARED_ROLE", "").strip()
    if not url and not role:
        return None
    if not url:
        raise _refuse("KPI_SHARED_ROLE", role, "ต้องตั้ง KPI_SHARED_URL ด้วย", "KPI_SHARED_URL must be set too")
    if role not in ROLES:
        raise _refuse("KPI_SHARED_ROLE", role, "ต้องเป็น writer หรือ replica", "it must be writer or replica")
    poll = _env_int(env, "KPI_SHARED_POLL_SECONDS", SharedStorage.poll_seconds, 1, 3600)
    if url.startswith("file://"):
        if not url.startswith("file:///") or ".." in url.split("/"):
            raise _refuse(
                "KPI_SHARED_URL", url, "ต้องเป็น file:///โฟลเดอร์ (เต็มเส้นทาง)", "it must be file:///an/absolute/folder"
            )
        return SharedStorage(url=url.rstrip("/"), role=role, poll_seconds=poll)
    if not _S3_URL.match(url):
        raise _refuse(
            "KPI_SHARED_URL",
            url,
            "ต้องเป็น file:///โฟลเดอร์ หรือ s3://bucket/prefix",
            "it must be file:///folder or s3://bucket/prefix",
        )
    endpoint = env.get("KPI_SHARED_S3_ENDPOINT", "").strip()
    if not _ENDPOINT.match(endpoint):
        raise _refuse(
            "KPI_SHARED_S3_ENDPOINT",
            endpoint,
            "ต้องเป็น http(s)://host:port ของที่เก็บ S3",
            "it must be http(s)://host:port of the S3 store",
        )
    access, secret = env.get("KPI_SHARED_S3_ACCESS_KEY", ""), env.get("KPI_SHARED_S3_SECRET_KEY", "")
    if not access or not secret:
        missing = "KPI_SHARED_S3_ACCESS_KEY" if not access else "KPI_SHARED_S3_SECRET_KEY"
        raise _refuse(missing, "", "ต้องตั้งกุญแจของที่เก็บ S3", "the S3 store's keys must be set")
    return SharedStorage(
        url=url.rstrip("/"),
        role=role,
        poll_seconds=poll,
        s3_endpoint=endpoint.rstrip("/"),
        access_key=access,
        secret_key=secret,
    )


def from_environment(environ: Mapping[str, str] | None = None) -> Settings:
    """The settings with the environment's overrides; :class:`ConfigError` naming the first
    variable that is set but cannot be read or is out of its range."""
    env = os.environ if environ is None else environ
    ints: dict[str, Any] = {f: _env_int(env, var, getattr(Settings, f), lo, hi) for f, var, lo, hi in ENV_INTS}
    met = _env_percent(env, "KPI_MET_PERCENT", Settings.met_ratio, 50, 200)
    on_track = _env_percent(env, "KPI_ON_TRACK_PERCENT", Settings.on_track_ratio, 1, 200)
    if on_track >= met:
        raise ConfigError(
            "KPI_ON_TRACK_PERCENT",
            f"KPI_ON_TRACK_PERCENT ({on_track:.0%}) ต้องน้อยกว่าเกณฑ์บรรลุเป้าหมาย KPI_MET_PERCENT ({met:.0%})",
            f"KPI_ON_TRACK_PERCENT ({on_track:.0%}) must be below the met threshold KPI_MET_PERCENT ({met:.0%})",
        )
    return Settings(
        **ints,
        met_ratio=met,
        on_track_ratio=on_track,
        default_plan=_env_plan(env, "KPI_DEFAULT_PLAN", Settings.default_plan),
        require_login=_env_bool(env, "KPI_REQUIRE_LOGIN", Settings.require_login),
        base_url=_env_url(env, "KPI_BASE_URL"),
        trusted_proxies=_env_networks(env, "KPI_TRUSTED_PROXIES"),
        server_forwarded_allow=_env_networks(env, "FORWARDED_ALLOW_IPS")
        if env.get("FORWARDED_ALLOW_IPS") is not None
        else Settings.server_forwarded_allow,
        shared=_shared(env),
    )


class _Unreadable:
    """Stands in for the settings when the environment holds one that cannot be read: every
    use raises that :class:`ConfigError` again, so nothing runs on a default (fail closed)."""

    def __init__(self, error: ConfigError):
        self.__dict__["error"] = error

    def __getattr__(self, name: str) -> Any:
        e = self.__dict__["error"]
        raise ConfigError(e.name, e.message_th, e.message_en)


def _load() -> Settings:
    try:
        return from_environment()
    except ConfigError as exc:
        return cast(Settings, _Unreadable(exc))


def check() -> Settings:
    """The settings, or the :class:`ConfigError` that keeps them from being read. Every entry
    point (the app's frame, the command line) calls this first."""
    if isinstance(settings, _Unreadable):
        e = settings.__dict__["error"]
        raise ConfigError(e.name, e.message_th, e.message_en)
    return settings


settings: Settings = _load()
