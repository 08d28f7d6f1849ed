"""Pages of the whole list come from statement templates shared by every request
(``directory.statement_templates``): whatever came before, each page holds what its own
audience may read, at its own offset and size."""

from __future__ import annotations

import itertools
import random
import uuid

from sqlalchemy import select, update

from directory.db import Database
from directory.demo.generate import generate
from directory.models import Organization
from directory.organization_list import Order, OrganizationFilter
from directory.reader import Reader
from directory.visibility import Audience


async def test_pages_through_shared_templates_hold_what_their_own_caller_may_read(
    db: Database,
) -> None:
    await generate(db, 30, seed=3, batch_size=30)
    async with db.session() as session:
        ordered = list(
            (
                await session.scalars(
                    select(Organization.id).order_by(Organization.sort_name, Organization.id)
                )
            ).all()
        )
        archived = set(ordered[::4])  # spread through the order
        await session.execute(
            update(Organization).where(Organization.id.in_(archived)).values(archived=True)
        )
        await session.commit()
    own = ordered[0]  # archived: its staff see it when they ask for archived listings
    audiences = [
        Audience.public(),
        Audience.partners(),
        Audience.partners(own),
        Audience.partners(ordered[1]),
        Audience.everything(),
    ]

    def expected(audience: Audience, include_archived: bool, descending: bool) -> list[uuid.UUID]:
        """The list read apart: archived listings only when asked for, and then only for
        administrators and a listing's own staff."""
        found = [
            i
            for i in ordered
            if i not in archived
            or (
                include_archived
                and (audience.include_archived or i == audience.own_organization_id)
            )
        ]
        return found[::-1] if descending else found

    cases = list(
        itertools.product(
            audiences,
            (False, True),
            (False, True),
            (False, True),
            (False, True),
            (0, 3, 21),
            (1, 7),
        )
    )
    random.Random(14).shuffle(cases)
    for audience, include_archived, descending, counted, records, start, limit in cases:
        async with db.statement_session() as session:
            reader = Reader(
                session,
                audience,
                records=records,
                driver=db.driver_reads if records else None,
            )
            page = await reader.organization_page(
                OrganizationFilter(include_archived=include_archived),
                order=Order.NAME,
                descending=descending,
                start=start,
                limit=limit,
                with_total=counted,
            )
        case = (audience, include_archived, descending, counted, records, start, limit)
        everything = expected(audience, include_archived, descending)
        assert [item.organization.id for item in page.items] == everything[start : start + limit], (
            case
        )
        assert page.has_next == (start + limit < len(everything)), case
        if counted:
            assert page.total == len(everything), case
