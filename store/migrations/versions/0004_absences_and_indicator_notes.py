"""School absences and the counties' absence ladders, each with its archive, and the indicators' notes
(interpretation, limits, series breaks, changes of definition; issue 14).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "absence_archive",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality", sa.String(length=8), nullable=False),
        sa.Column("school", sa.String(length=120), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(length=8), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("pupils", sa.Integer(), nullable=False),
        sa.Column("over", sa.Integer(), nullable=False),
        sa.Column("upload_id", sa.Integer(), nullable=False),
        sa.Column("replaced_by", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("absence_archive", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_absence_archive_replaced_by"), ["replaced_by"], unique=False)
        batch_op.create_index(batch_op.f("ix_absence_archive_upload_id"), ["upload_id"], unique=False)

    op.create_table(
        "indicator_notes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("indicator_code", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text_fi", sa.Text(), nullable=False),
        sa.Column("text_sv", sa.Text(), nullable=False),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("indicator_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_notes_indicator_code"), ["indicator_code"], unique=False)

    op.create_table(
        "ladder_archive",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("county", sa.String(length=8), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("step_fi", sa.String(length=200), nullable=False),
        sa.Column("step_sv", sa.String(length=200), nullable=False),
        sa.Column("step_en", sa.String(length=200), nullable=False),
        sa.Column("set_by", sa.String(length=200), nullable=False),
        sa.Column("upload_id", sa.Integer(), nullable=False),
        sa.Column("replaced_by", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("ladder_archive", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ladder_archive_replaced_by"), ["replaced_by"], unique=False)
        batch_op.create_index(batch_op.f("ix_ladder_archive_upload_id"), ["upload_id"], unique=False)

    op.create_table(
        "absence_counts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("municipality", sa.String(length=8), nullable=False),
        sa.Column("school", sa.String(length=120), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(length=8), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("pupils", sa.Integer(), nullable=False),
        sa.Column("over", sa.Integer(), nullable=False),
        sa.Column("upload_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["upload_id"],
            ["uploads.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("absence_counts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_absence_counts_municipality_year_term", ["municipality", "year", "term"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_absence_counts_upload_id"), ["upload_id"], unique=False)

    op.create_table(
        "absence_ladder",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("county", sa.String(length=8), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("step_fi", sa.String(length=200), nullable=False),
        sa.Column("step_sv", sa.String(length=200), nullable=False),
        sa.Column("step_en", sa.String(length=200), nullable=False),
        sa.Column("set_by", sa.String(length=200), nullable=False),
        sa.Column("upload_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["upload_id"],
            ["uploads.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("absence_ladder", schema=None) as batch_op:
        batch_op.create_index("ix_absence_ladder_county", ["county"], unique=False)
        batch_op.create_index(batch_op.f("ix_absence_ladder_upload_id"), ["upload_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("absence_ladder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_absence_ladder_upload_id"))
        batch_op.drop_index("ix_absence_ladder_county")

    op.drop_table("absence_ladder")
    with op.batch_alter_table("absence_counts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_absence_counts_upload_id"))
        batch_op.drop_index("ix_absence_counts_municipality_year_term")

    op.drop_table("absence_counts")
    with op.batch_alter_table("ladder_archive", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ladder_archive_upload_id"))
        batch_op.drop_index(batch_op.f("ix_ladder_archive_replaced_by"))

    op.drop_table("ladder_archive")
    with op.batch_alter_table("indicator_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_notes_indicator_code"))

    op.drop_table("indicator_notes")
    with op.batch_alter_table("absence_archive", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_absence_archive_upload_id"))
        batch_op.drop_index(batch_op.f("ix_absence_archive_replaced_by"))

    op.drop_table("absence_archive")
