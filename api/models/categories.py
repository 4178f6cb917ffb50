"""Information categories: data a municipality can extend, seeded by the first migration."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base


class InformationCategory(Base):
    """A kind of information a consent may cover (school, police, health, ...)."""

    __tablename__ = "information_categories"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_sv: Mapped[str]
    name_en: Mapped[str]
    # Social services' own category is readable by social-services staff without consent.
    is_social_services: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(default=0)
