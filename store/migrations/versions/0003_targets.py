"""Shared targets per indicator and area, with their archive (the history of every change; issue 14).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "target_archive",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_code", sa.String(length=64), nullable=False),
        sa.Column("region_level", sa.String(length=16), nullable=False),
        sa.Column("region_code", sa.String(length=8), nullable=False),
        sa.Column("baseline_year", sa.Integer(), nullable=False),
        sa.Column("baseline_value", sa.Float(), nullable=False),
        sa.Column("target_year", sa.Integer(), nullable=False),
        sa.Column("target_value", sa.Float(), nullable=False),
        sa.Column("set_by", sa.String(length=200), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("upload_id", sa.Integer(), nullable=False),
        sa.Column("replaced_by", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_target_archive_replaced_by"), "target_archive", ["replaced_by"], unique=False)
    op.create_index(op.f("ix_target_archive_upload_id"), "target_archive", ["upload_id"], unique=False)
    op.create_table(
        "targets",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("indicator_code", sa.String(length=64), nullable=False),
        sa.Column("region_level", sa.String(length=16), nullable=False),
        sa.Column("region_code", sa.String(length=8), nullable=False),
        sa.Column("baseline_year", sa.Integer(), nullable=False),
        sa.Column("baseline_value", sa.Float(), nullable=False),
        sa.Column("target_year", sa.Integer(), nullable=False),
        sa.Column("target_value", sa.Float(), nullable=False),
        sa.Column("set_by", sa.String(length=200), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("upload_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["upload_id"],
            ["uploads.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_targets_indicator_code_region_level_region_code",
        "targets",
        ["indicator_code", "region_level", "region_code"],
        unique=False,
    )
    op.create_index(op.f("ix_targets_upload_id"), "targets", ["upload_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_targets_upload_id"), table_name="targets")
    op.drop_index("ix_targets_indicator_code_region_level_region_code", table_name="targets")
    op.drop_table("targets")
    op.drop_index(op.f("ix_target_archive_upload_id"), table_name="target_archive")
    op.drop_index(op.f("ix_target_archive_replaced_by"), table_name="target_archive")
    op.drop_table("target_archive")
