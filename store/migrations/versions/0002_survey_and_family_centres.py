"""Parent-survey answers, the family-centre registry and the centres' monthly activity, each with its
archive for rollbacks (issue 12).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "activity_archive",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("centre", sa.String(length=40), nullable=False),
        sa.Column("county", sa.String(length=2), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("measure", sa.String(length=24), nullable=False),
        sa.Column("channel", sa.String(length=24), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("upload_id", sa.Integer(), nullable=False),
        sa.Column("replaced_by", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_activity_archive_replaced_by"), "activity_archive", ["replaced_by"], unique=False)
    op.create_index(op.f("ix_activity_archive_upload_id"), "activity_archive", ["upload_id"], unique=False)
    op.create_table(
        "centre_archive",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("centre", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("county", sa.String(length=2), nullable=False),
        sa.Column("municipalities", sa.String(length=400), nullable=False),
        sa.Column("opened", sa.Date(), nullable=True),
        sa.Column("services", sa.String(length=255), nullable=False),
        sa.Column("partners", sa.String(length=400), nullable=False),
        sa.Column("upload_id", sa.Integer(), nullable=False),
        sa.Column("replaced_by", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_centre_archive_replaced_by"), "centre_archive", ["replaced_by"], unique=False)
    op.create_index(op.f("ix_centre_archive_upload_id"), "centre_archive", ["upload_id"], unique=False)
    op.create_table(
        "survey_archive",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("municipality", sa.String(length=8), nullable=False),
        sa.Column("age_group", sa.String(length=16), nullable=True),
        sa.Column("question", sa.String(length=40), nullable=False),
        sa.Column("answer", sa.Integer(), nullable=True),
        sa.Column("choice", sa.String(length=60), nullable=True),
        sa.Column("upload_id", sa.Integer(), nullable=False),
        sa.Column("replaced_by", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_survey_archive_replaced_by"), "survey_archive", ["replaced_by"], unique=False)
    op.create_index(op.f("ix_survey_archive_upload_id"), "survey_archive", ["upload_id"], unique=False)
    op.create_table(
        "centre_activity",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("centre", sa.String(length=40), nullable=False),
        sa.Column("county", sa.String(length=2), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("measure", sa.String(length=24), nullable=False),
        sa.Column("channel", sa.String(length=24), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("upload_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["upload_id"],
            ["uploads.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_centre_activity_centre_year_month", "centre_activity", ["centre", "year", "month"], unique=False
    )
    op.create_index(op.f("ix_centre_activity_upload_id"), "centre_activity", ["upload_id"], unique=False)
    op.create_table(
        "family_centres",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("centre", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("county", sa.String(length=2), nullable=False),
        sa.Column("municipalities", sa.String(length=400), nullable=False),
        sa.Column("opened", sa.Date(), nullable=True),
        sa.Column("services", sa.String(length=255), nullable=False),
        sa.Column("partners", sa.String(length=400), nullable=False),
        sa.Column("upload_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["upload_id"],
            ["uploads.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_family_centres_centre", "family_centres", ["centre"], unique=False)
    op.create_index(op.f("ix_family_centres_upload_id"), "family_centres", ["upload_id"], unique=False)
    op.create_table(
        "survey_responses",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("municipality", sa.String(length=8), nullable=False),
        sa.Column("age_group", sa.String(length=16), nullable=True),
        sa.Column("question", sa.String(length=40), nullable=False),
        sa.Column("answer", sa.Integer(), nullable=True),
        sa.Column("choice", sa.String(length=60), nullable=True),
        sa.Column("upload_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["upload_id"],
            ["uploads.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_survey_responses_round_municipality", "survey_responses", ["round", "municipality"], unique=False
    )
    op.create_index(op.f("ix_survey_responses_upload_id"), "survey_responses", ["upload_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_survey_responses_upload_id"), table_name="survey_responses")
    op.drop_index("ix_survey_responses_round_municipality", table_name="survey_responses")
    op.drop_table("survey_responses")
    op.drop_index(op.f("ix_family_centres_upload_id"), table_name="family_centres")
    op.drop_index("ix_family_centres_centre", table_name="family_centres")
    op.drop_table("family_centres")
    op.drop_index(op.f("ix_centre_activity_upload_id"), table_name="centre_activity")
    op.drop_index("ix_centre_activity_centre_year_month", table_name="centre_activity")
    op.drop_table("centre_activity")
    op.drop_index(op.f("ix_survey_archive_upload_id"), table_name="survey_archive")
    op.drop_index(op.f("ix_survey_archive_replaced_by"), table_name="survey_archive")
    op.drop_table("survey_archive")
    op.drop_index(op.f("ix_centre_archive_upload_id"), table_name="centre_archive")
    op.drop_index(op.f("ix_centre_archive_replaced_by"), table_name="centre_archive")
    op.drop_table("centre_archive")
    op.drop_index(op.f("ix_activity_archive_upload_id"), table_name="activity_archive")
    op.drop_index(op.f("ix_activity_archive_replaced_by"), table_name="activity_archive")
    op.drop_table("activity_archive")
