"""SQLAlchemy Core schema of the canonical long data model (ARCHITECTURE.md)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

LEVELS = ("municipality", "county", "region", "country")
SEXES = ("total", "male", "female")
FLAGS = ("suppressed_at_source", "preliminary", "estimate")
DOMAINS = (
    "wellbeing",
    "preventive_service",
    "corrective_service",
    "cost",
    "family_centre",
    "survey",
    "population",
)
COUNTRY_CODE = "SSS"

regions = Table(
    "regions",
    metadata,
    Column("level", String(16), primary_key=True),
    Column("code", String(8), primary_key=True),
    Column("name_fi", String(120), nullable=False),
    Column("name_sv", String(120), nullable=False),
    Column("name_en", String(120), nullable=False),
    Column("short_name_fi", String(60)),
    Column("county_code", String(2)),
    Column("region_code", String(2)),
    Column("language_code", Integer),
    Column("population", Integer),
    Column("sotkanet_id", Integer),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date),
)

region_aliases = Table(
    "region_aliases",
    metadata,
    Column("alias_key", String(120), primary_key=True),
    Column("level", String(16), primary_key=True),
    Column("alias", String(120), nullable=False),
    Column("code", String(8), nullable=False),
    Column("kind", String(16), nullable=False),
)

indicators = Table(
    "indicators",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("name_fi", String(200), nullable=False),
    Column("name_sv", String(200), nullable=False),
    Column("name_en", String(200), nullable=False),
    Column("unit", String(16), nullable=False),
    Column("domain", String(24), nullable=False),
    Column("direction", Integer, nullable=False),
    Column("denominator_code", String(64)),
    Column("per", Integer),
    Column("decimals", Integer, nullable=False),
    Column("sotkanet_id", Integer),
    Column("description_fi", Text),
    Column("description_sv", Text),
    Column("description_en", Text),
    Column("source", String(200)),
)

uploads = Table(
    "uploads",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("filename", String(255), nullable=False),
    Column("sha256", String(64), nullable=False, index=True),
    Column("format", String(32), nullable=False),
    Column("uploaded_by", String(120), nullable=False),
    Column("uploaded_at", DateTime(timezone=True), nullable=False),
    Column("rows", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("replaced_by", Integer),
    Column("report_json", Text),
)

# month is stored as 0 for annual values so that the natural key can be a plain
# unique constraint on every backend; observation_view shows it as NULL.
observations = Table(
    "observations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("indicator_code", String(64), ForeignKey("indicators.code"), nullable=False),
    Column("region_level", String(16), nullable=False),
    Column("region_code", String(8), nullable=False),
    Column("year", Integer, nullable=False),
    Column("month", Integer, nullable=False, server_default="0"),
    Column("sex", String(8), nullable=False, server_default="total"),
    Column("value", Float),
    Column("numerator", Float),
    Column("denominator", Float),
    Column("flag", String(24)),
    Column("upload_id", Integer, ForeignKey("uploads.id"), nullable=False),
    UniqueConstraint(
        "indicator_code",
        "region_level",
        "year",
        "region_code",
        "sex",
        "month",
        name="uq_observation_key",
    ),
    Index("ix_obs_area", "region_level", "region_code", "year", "indicator_code"),
    Index("ix_obs_upload", "upload_id"),
    # An observation id is never handed out twice (SQLite would reuse the ids of deleted rows):
    # a row archived by --replace keeps its id and comes back with it on rollback.
    sqlite_autoincrement=True,
)

# Rows that a --replace upload swapped out; rollback of that upload puts them back.
observation_archive = Table(
    "observation_archive",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("indicator_code", String(64), nullable=False),
    Column("region_level", String(16), nullable=False),
    Column("region_code", String(8), nullable=False),
    Column("year", Integer, nullable=False),
    Column("month", Integer, nullable=False),
    Column("sex", String(8), nullable=False),
    Column("value", Float),
    Column("numerator", Float),
    Column("denominator", Float),
    Column("flag", String(24)),
    Column("upload_id", Integer, nullable=False),
    Column("replaced_by", Integer, ForeignKey("uploads.id"), nullable=False, index=True),
)

# Client episodes (pseudonymised: client and family are HMAC-SHA256 hashes made on the way in, never
# the raw pseudonyms), one row an episode of a service; end_date NULL = ongoing. An upload's episodes
# that a later upload replaced wait in the archive for a rollback, like observations.
EPISODE_COLUMNS = ("client", "family", "service", "start_date", "end_date", "municipality", "birth_year")


def _episode_columns() -> list[Column[Any]]:
    """The columns an episode has, live or archived (new Column objects for each table)."""
    return [
        Column("client", String(64), nullable=False),
        Column("family", String(64), nullable=False),
        Column("service", String(40), nullable=False),
        Column("start_date", Date, nullable=False),
        Column("end_date", Date),
        Column("municipality", String(8)),
        Column("birth_year", Integer),
    ]


client_episodes = Table(
    "client_episodes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    *_episode_columns(),
    Column("upload_id", Integer, ForeignKey("uploads.id"), nullable=False, index=True),
    Index("ix_episode_key", "client", "service", "start_date"),
    Index("ix_episode_municipality", "municipality"),
    sqlite_autoincrement=True,  # ids never reused: an archived episode keeps its id for the rollback
)
episode_archive = Table(
    "episode_archive",
    metadata,
    Column("id", Integer, primary_key=True),
    *_episode_columns(),
    Column("upload_id", Integer, nullable=False, index=True),
    Column("replaced_by", Integer, nullable=False, index=True),
)

# Other uploaded records, kept like episodes (live table + archive for a rollback; store/records.py):
# parent-survey responses (one row an answer; no respondent id, no free text), the family-centre
# registry, and the centres' monthly activity.
SURVEY_COLUMNS = ("round", "municipality", "age_group", "question", "answer", "choice")
CENTRE_COLUMNS = ("centre", "name", "county", "municipalities", "opened", "services", "partners")
ACTIVITY_COLUMNS = ("centre", "county", "year", "month", "measure", "channel", "value")


def _survey_columns() -> list[Column[Any]]:
    return [
        Column("round", Integer, nullable=False),
        Column("municipality", String(8), nullable=False),
        Column("age_group", String(16)),
        Column("question", String(40), nullable=False),
        Column("answer", Integer),  # Likert 1-5
        Column("choice", String(60)),  # a choice question's answer
    ]


def _centre_columns() -> list[Column[Any]]:
    return [
        Column("centre", String(40), nullable=False),
        Column("name", String(120), nullable=False),
        Column("county", String(2), nullable=False),
        Column("municipalities", String(400), nullable=False, default=""),
        Column("opened", Date),
        Column("services", String(255), nullable=False, default=""),
        Column("partners", String(400), nullable=False, default=""),
    ]


def _activity_columns() -> list[Column[Any]]:
    return [
        Column("centre", String(40), nullable=False),
        Column("county", String(2), nullable=False),
        Column("year", Integer, nullable=False),
        Column("month", Integer, nullable=False),
        Column("measure", String(24), nullable=False),
        Column("channel", String(24), nullable=False, default="total"),
        Column("value", Float),
    ]


def _record_tables(name: str, archive: str, columns: Any, *indexes: tuple[str, ...]) -> tuple[Table, Table]:
    """A kind of record's live table (ids never reused) and its archive."""
    live = Table(
        name,
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        *columns(),
        Column("upload_id", Integer, ForeignKey("uploads.id"), nullable=False, index=True),
        *[Index(f"ix_{name}_{'_'.join(cols)}", *cols) for cols in indexes],
        sqlite_autoincrement=True,
    )
    kept = Table(
        archive,
        metadata,
        Column("id", Integer, primary_key=True),
        *columns(),
        Column("upload_id", Integer, nullable=False, index=True),
        Column("replaced_by", Integer, nullable=False, index=True),
    )
    return live, kept


survey_responses, survey_archive = _record_tables(
    "survey_responses", "survey_archive", _survey_columns, ("round", "municipality")
)
family_centres, centre_archive = _record_tables("family_centres", "centre_archive", _centre_columns, ("centre",))
centre_activity, activity_archive = _record_tables(
    "centre_activity", "activity_archive", _activity_columns, ("centre", "year", "month")
)

# Shared targets (tavoitteet): one live target per indicator and area; every earlier version waits in the
# archive under the upload (a file, or a form in the app) that replaced it: the target's history.
TARGET_COLUMNS = (
    "indicator_code", "region_level", "region_code", "baseline_year", "baseline_value", "target_year",
    "target_value", "set_by", "note",
)  # fmt: skip


def _target_columns() -> list[Column[Any]]:
    return [
        Column("indicator_code", String(64), nullable=False),
        Column("region_level", String(16), nullable=False),
        Column("region_code", String(8), nullable=False),
        Column("baseline_year", Integer, nullable=False),
        Column("baseline_value", Float, nullable=False),
        Column("target_year", Integer, nullable=False),
        Column("target_value", Float, nullable=False),
        Column("set_by", String(200), nullable=False, default=""),
        Column("note", String(500), nullable=False, default=""),
    ]


targets, target_archive = _record_tables(
    "targets", "target_archive", _target_columns, ("indicator_code", "region_level", "region_code")
)

# School absences (poissaolot), aggregated: per municipality (and optionally school) and term, the pupils
# and the pupils over each hour threshold. "" as the school is the whole municipality.
ABSENCE_COLUMNS = ("municipality", "school", "year", "term", "threshold", "pupils", "over")


def _absence_columns() -> list[Column[Any]]:
    return [
        Column("municipality", String(8), nullable=False),
        Column("school", String(120), nullable=False, default=""),
        Column("year", Integer, nullable=False),
        Column("term", String(8), nullable=False),  # spring | autumn
        Column("threshold", Integer, nullable=False),  # hours of absence
        Column("pupils", Integer, nullable=False),
        Column("over", Integer, nullable=False),  # pupils over the threshold
    ]


absence_counts, absence_archive = _record_tables(
    "absence_counts", "absence_archive", _absence_columns, ("municipality", "year", "term")
)

# A county's absence ladder (poissaoloportaikko): at each hour threshold, who acts. Edited by the county;
# every earlier ladder waits in the archive.
LADDER_COLUMNS = ("county", "threshold", "step_fi", "step_sv", "step_en", "set_by")


def _ladder_columns() -> list[Column[Any]]:
    return [
        Column("county", String(8), nullable=False),
        Column("threshold", Integer, nullable=False),
        Column("step_fi", String(200), nullable=False, default=""),
        Column("step_sv", String(200), nullable=False, default=""),
        Column("step_en", String(200), nullable=False, default=""),
        Column("set_by", String(200), nullable=False, default=""),
    ]


absence_ladder, ladder_archive = _record_tables("absence_ladder", "ladder_archive", _ladder_columns, ("county",))

# What each indicator means and where it misleads (store/about.py), and notes on particular years: a
# series break or a change of definition (year set). origin: catalogue (kept in step with store/about.py)
# or the region's own note.
indicator_notes = Table(
    "indicator_notes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("indicator_code", String(64), nullable=False, index=True),
    Column("year", Integer),
    Column("kind", String(16), nullable=False),  # interpretation | limits | break | definition
    Column("text_fi", Text, nullable=False),
    Column("text_sv", Text, nullable=False),
    Column("text_en", Text, nullable=False),
    Column("origin", String(16), nullable=False),
)

# Small facts about the store itself; `data_version` changes with every write (store/state.py).
store_state = Table(
    "store_state",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Integer, nullable=False),
)

# Map boundaries loaded from official files, one GeoJSON FeatureCollection per level.
geo_layers = Table(
    "geo_layers",
    metadata,
    Column("level", String(16), primary_key=True),
    Column("geojson", Text, nullable=False),
    Column("source", String(255), nullable=False),
    Column("features", Integer, nullable=False),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
)

# Accounts (store/users.py): argon2 hashes only; an uploader's counties as a comma-separated list of
# county codes. oidc_subject maps a login through st.login (an [auth] section) to this row.
ROLES = ("viewer", "uploader", "admin")
users = Table(
    "users",
    metadata,
    Column("username", String(120), primary_key=True),
    Column("password_hash", Text),
    Column("role", String(16), nullable=False),
    Column("counties", String(255), nullable=False, default=""),
    Column("email", String(255)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Who did what, when (store/audit.py): logins, uploads, replacements, rollbacks, accounts, boundaries.
# Never file contents or passwords.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("actor", String(120), nullable=False, index=True),
    Column("action", String(32), nullable=False),
    Column("target", String(255)),
    Column("upload_id", Integer),
    Column("detail", Text),
)

OBSERVATION_VIEW_COLUMNS = (
    "indicator_code",
    "region_level",
    "region_code",
    "year",
    "month",
    "sex",
    "value",
    "numerator",
    "denominator",
    "flag",
    "upload_id",
)

OBSERVATION_VIEW_SQL = """
CREATE VIEW observation_view AS
SELECT indicator_code, region_level, region_code, year,
       NULLIF(month, 0) AS month, sex, value, numerator, denominator, flag, upload_id
FROM observations
"""

# The stored columns are the view's columns, in the same order (bulk inserts use this).
OBSERVATION_COLUMNS = OBSERVATION_VIEW_COLUMNS
# An observation's natural key, and a checked row before it belongs to an upload (what the loaders make).
KEY_COLUMNS = OBSERVATION_COLUMNS[:6]
ROW_COLUMNS = OBSERVATION_COLUMNS[:-1]
