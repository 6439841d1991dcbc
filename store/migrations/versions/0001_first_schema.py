"""The first schema: observations with their archive and view, regions, indicators, uploads, users,
the audit log, map layers, client episodes (the schema of the first release, before migrations).

Revision ID: 0001
Revises: -
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# the stable view users and outside checks read (ARCHITECTURE.md), as it was made by this revision
OBSERVATION_VIEW_SQL = """
CREATE VIEW observation_view AS
SELECT indicator_code, region_level, region_code, year,
       NULLIF(month, 0) AS month, sex, value, numerator, denominator, flag, upload_id
FROM observations
"""


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("target", sa.String(length=255), nullable=True),
        sa.Column("upload_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_audit_log_actor"), "audit_log", ["actor"], unique=False)
    op.create_index(op.f("ix_audit_log_at"), "audit_log", ["at"], unique=False)
    op.create_table(
        "episode_archive",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("family", sa.String(length=64), nullable=False),
        sa.Column("service", sa.String(length=40), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("municipality", sa.String(length=8), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("upload_id", sa.Integer(), nullable=False),
        sa.Column("replaced_by", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_episode_archive_replaced_by"), "episode_archive", ["replaced_by"], unique=False)
    op.create_index(op.f("ix_episode_archive_upload_id"), "episode_archive", ["upload_id"], unique=False)
    op.create_table(
        "geo_layers",
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("geojson", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.Column("features", sa.Integer(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("level"),
    )
    op.create_table(
        "indicators",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name_fi", sa.String(length=200), nullable=False),
        sa.Column("name_sv", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("domain", sa.String(length=24), nullable=False),
        sa.Column("direction", sa.Integer(), nullable=False),
        sa.Column("denominator_code", sa.String(length=64), nullable=True),
        sa.Column("per", sa.Integer(), nullable=True),
        sa.Column("decimals", sa.Integer(), nullable=False),
        sa.Column("sotkanet_id", sa.Integer(), nullable=True),
        sa.Column("description_fi", sa.Text(), nullable=True),
        sa.Column("description_sv", sa.Text(), nullable=True),
        sa.Column("description_en", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "region_aliases",
        sa.Column("alias_key", sa.String(length=120), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("alias", sa.String(length=120), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("alias_key", "level"),
    )
    op.create_table(
        "regions",
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("name_fi", sa.String(length=120), nullable=False),
        sa.Column("name_sv", sa.String(length=120), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.Column("short_name_fi", sa.String(length=60), nullable=True),
        sa.Column("county_code", sa.String(length=2), nullable=True),
        sa.Column("region_code", sa.String(length=2), nullable=True),
        sa.Column("language_code", sa.Integer(), nullable=True),
        sa.Column("population", sa.Integer(), nullable=True),
        sa.Column("sotkanet_id", sa.Integer(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("level", "code"),
    )
    op.create_table(
        "store_state",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "uploads",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("format", sa.String(length=32), nullable=False),
        sa.Column("uploaded_by", sa.String(length=120), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("replaced_by", sa.Integer(), nullable=True),
        sa.Column("report_json", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_uploads_sha256"), "uploads", ["sha256"], unique=False)
    op.create_table(
        "users",
        sa.Column("username", sa.String(length=120), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=True),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("counties", sa.String(length=255), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("username"),
    )
    op.create_table(
        "client_episodes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("family", sa.String(length=64), nullable=False),
        sa.Column("service", sa.String(length=40), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("municipality", sa.String(length=8), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("upload_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["upload_id"],
            ["uploads.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_client_episodes_upload_id"), "client_episodes", ["upload_id"], unique=False)
    op.create_index("ix_episode_key", "client_episodes", ["client", "service", "start_date"], unique=False)
    op.create_index("ix_episode_municipality", "client_episodes", ["municipality"], unique=False)
    op.create_table(
        "observation_archive",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_code", sa.String(length=64), nullable=False),
        sa.Column("region_level", sa.String(length=16), nullable=False),
        sa.Column("region_code", sa.String(length=8), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("sex", sa.String(length=8), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("numerator", sa.Float(), nullable=True),
        sa.Column("denominator", sa.Float(), nullable=True),
        sa.Column("flag", sa.String(length=24), nullable=True),
        sa.Column("upload_id", sa.Integer(), nullable=False),
        sa.Column("replaced_by", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["replaced_by"],
            ["uploads.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_observation_archive_replaced_by"), "observation_archive", ["replaced_by"], unique=False)
    op.create_table(
        "observations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("indicator_code", sa.String(length=64), nullable=False),
        sa.Column("region_level", sa.String(length=16), nullable=False),
        sa.Column("region_code", sa.String(length=8), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), server_default="0", nullable=False),
        sa.Column("sex", sa.String(length=8), server_default="total", nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("numerator", sa.Float(), nullable=True),
        sa.Column("denominator", sa.Float(), nullable=True),
        sa.Column("flag", sa.String(length=24), nullable=True),
        sa.Column("upload_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_code"],
            ["indicators.code"],
        ),
        sa.ForeignKeyConstraint(
            ["upload_id"],
            ["uploads.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "indicator_code", "region_level", "year", "region_code", "sex", "month", name="uq_observation_key"
        ),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_obs_area", "observations", ["region_level", "region_code", "year", "indicator_code"], unique=False
    )
    op.create_index("ix_obs_upload", "observations", ["upload_id"], unique=False)
    op.execute(OBSERVATION_VIEW_SQL)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS observation_view")
    op.drop_index("ix_obs_upload", table_name="observations")
    op.drop_index("ix_obs_area", table_name="observations")
    op.drop_table("observations")
    op.drop_index(op.f("ix_observation_archive_replaced_by"), table_name="observation_archive")
    op.drop_table("observation_archive")
    op.drop_index("ix_episode_municipality", table_name="client_episodes")
    op.drop_index("ix_episode_key", table_name="client_episodes")
    op.drop_index(op.f("ix_client_episodes_upload_id"), table_name="client_episodes")
    op.drop_table("client_episodes")
    op.drop_table("users")
    op.drop_index(op.f("ix_uploads_sha256"), table_name="uploads")
    op.drop_table("uploads")
    op.drop_table("store_state")
    op.drop_table("regions")
    op.drop_table("region_aliases")
    op.drop_table("indicators")
    op.drop_table("geo_layers")
    op.drop_index(op.f("ix_episode_archive_upload_id"), table_name="episode_archive")
    op.drop_index(op.f("ix_episode_archive_replaced_by"), table_name="episode_archive")
    op.drop_table("episode_archive")
    op.drop_index(op.f("ix_audit_log_at"), table_name="audit_log")
    op.drop_index(op.f("ix_audit_log_actor"), table_name="audit_log")
    op.drop_table("audit_log")
