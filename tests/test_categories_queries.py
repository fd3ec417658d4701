"""Pinned SQL query counts: pages cost the same whatever the number of categories."""

import pytest

from base.page_cache import page_cache
from tests.factories import EVERY_BLOCK, make_category

# Wagtail's routing (site, page path, view restrictions) plus our own reads:
# the programme, the entry form, the categories (listing) or siblings (category).
CATEGORY_PAGE_QUERIES = 13
# Signed in (never from the page cache): Wagtail's routing, the session and
# the user; the body, state and breadcrumbs come from the fragment cache
# (base/fragments.py), and the user bar's permission check from the cache.
SIGNED_IN_CATEGORY_PAGE_QUERIES = 10
PROGRAMME_PAGE_QUERIES = 9
HOME_PAGE_QUERIES = 8


@pytest.fixture(params=[1, 3], ids=["1-category", "3-categories"])
def categories(request, programme, entry_form):
    return [
        make_category(programme, f"c{i}", entry_form=entry_form, body=EVERY_BLOCK)
        for i in range(request.param)
    ]


def count_queries(client, django_assert_num_queries, url, expected):
    client.get(url)  # warm Wagtail's cache of site root paths, as in production
    page_cache().clear()  # count the work of rendering, not of a cache hit
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    # Then the page cache answers with no query at all.
    with django_assert_num_queries(0):
        assert client.get(url)["X-Page-Cache"] == "hit"


def test_category_page_queries(client, django_assert_num_queries, categories):
    count_queries(
        client, django_assert_num_queries, categories[-1].url, CATEGORY_PAGE_QUERIES
    )


def test_programme_listing_queries(
    client, django_assert_num_queries, programme, categories
):
    count_queries(
        client, django_assert_num_queries, programme.url, PROGRAMME_PAGE_QUERIES
    )
    count_queries(
        client,
        django_assert_num_queries,
        f"{programme.url}?state=open",
        PROGRAMME_PAGE_QUERIES,
    )


def test_home_page_queries(client, django_assert_num_queries, categories):
    count_queries(client, django_assert_num_queries, "/", HOME_PAGE_QUERIES)


def test_signed_in_category_page_queries(
    programme, categories, signed_in, django_assert_num_queries
):
    url = categories[-1].url
    signed_in.get(
        url
    )  # the fragments, as the first visitor after a publish leaves them
    with django_assert_num_queries(SIGNED_IN_CATEGORY_PAGE_QUERIES):
        response = signed_in.get(url)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert b"My entries" in response.content
