"""Real pages fit the content model: a criterion may be a title and guidance
points with no description, and a contact may have a phone number and no email.
Each saves in the admin, imports, renders and appears in the API; a criterion
with neither a description nor a guidance point is refused, in both."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from categories.exchange import DocumentError, export_programme, import_programme
from categories.models import CategoryPage

GUIDANCE = ["Show measured results.", "Compare with the starting point."]
PERSON = {
    "role": "Category lead",
    "name": "Tom Okafor",
    "email": "",
    "phone": "020 7946 0123",
}


def list_data(items):
    """A ListBlock's form data, as the admin's editor posts it."""
    data = {"count": len(items)}
    for i, item in enumerate(items):
        data[str(i)] = {"value": item, "deleted": "", "order": i, "id": ""}
    return data


def add_form(programme, entry_form, description=""):
    guidance = GUIDANCE if description is not None else []
    return nested_form_data(
        {
            "title": "Impact Award",
            "slug": "impact-award",
            "summary": "Partnerships with measured results.",
            "entry_mode": "open",
            "entry_form": entry_form.pk,
            "body": streamfield(
                [
                    (
                        "criterion",
                        {
                            "title": "Impact",
                            "description": rich_text(description or ""),
                            "guidance": list_data(guidance),
                            "word_limit": "",
                        },
                    ),
                    (
                        "contacts",
                        {"heading": "Questions", "people": list_data([PERSON])},
                    ),
                ]
            ),
            "action-publish": "publish",
        }
    )


def add_url(programme):
    return reverse(
        "wagtailadmin_pages:add", args=["categories", "categorypage", programme.pk]
    )


def test_guidance_only_criterion_and_phone_only_contact(
    client, admin_user, programme, entry_form
):
    client.force_login(admin_user)
    response = client.post(add_url(programme), add_form(programme, entry_form))
    assert response.status_code == 302, response.context["form"].errors
    category = CategoryPage.objects.get(slug="impact-award")
    assert category.live
    criterion, contacts = category.body
    assert str(criterion.value["description"]) == ""
    assert list(criterion.value["guidance"]) == GUIDANCE
    assert dict(contacts.value["people"][0]) == PERSON

    # It renders: the points, no empty description, and a phone link.
    page = BeautifulSoup(client.get(category.url).content, "html.parser")
    section = page.select_one("#criterion-impact")
    assert [p.get_text() for p in section.find_all("p")] == []
    assert [li.get_text() for li in section.select("ul li")] == GUIDANCE
    person = page.select_one(".block-contacts li")
    assert person.select_one('a[href^="tel:"]')["href"] == "tel:02079460123"
    assert not person.select('a[href^="mailto:"]')

    # It appears in the API as stored.
    body = client.get(f"/api/v2/pages/{category.pk}/").json()["body"]
    assert body[0]["value"] == {
        "title": "Impact",
        "description": "",
        "guidance": GUIDANCE,
        "word_limit": None,
    }
    assert body[1]["value"]["people"] == [PERSON]

    # It exports and imports again as it is.
    document = export_programme(programme)
    category.delete()
    import_programme(document, programme.get_parent(), publish=True)
    again = CategoryPage.objects.get(slug="impact-award")
    assert list(again.body[0].value["guidance"]) == GUIDANCE
    assert str(again.body[0].value["description"]) == ""
    assert dict(again.body[1].value["people"][0]) == PERSON


def test_a_criterion_with_nothing_to_say_is_refused(
    client, admin_user, programme, entry_form
):
    client.force_login(admin_user)
    response = client.post(add_url(programme), add_form(programme, entry_form, None))
    assert response.status_code == 200
    assert not CategoryPage.objects.filter(slug="impact-award").exists()
    assert "Give a description or at least one guidance point." in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            {"title": "Impact", "description": "", "guidance": []},
            "categories[0].body[0].value.description: "
            "Give a description or at least one guidance point.",
        ),
        (
            {"title": "Impact", "description": "<p></p>", "guidance": []},
            "categories[0].body[0].value.description: "
            "Give a description or at least one guidance point.",
        ),
        (
            {"title": "", "description": "", "guidance": ["A point."]},
            "categories[0].body[0].value.title: This field is required.",
        ),
    ],
)
def test_the_import_refuses_a_criterion_without_title_or_content(
    home, entry_form, value, message
):
    document = {
        "version": 1,
        "slug": "awards-2027",
        "title": "Awards",
        "opens_at": "2027-01-30T12:00:00Z",
        "closes_at": "2027-03-31T13:00:00+01:00",
        "categories": [
            {
                "slug": "impact",
                "title": "Impact",
                "summary": "Impact.",
                "entry_form": "/entry-form/",
                "body": [{"type": "criterion", "value": value}],
            }
        ],
    }
    with pytest.raises(DocumentError) as refused:
        import_programme(document, home)
    assert str(refused.value) == message


def test_the_import_takes_a_guidance_only_criterion_and_a_phone_only_contact(
    home, entry_form
):
    document = {
        "version": 1,
        "slug": "awards-2027",
        "title": "Awards",
        "opens_at": "2027-01-30T12:00:00Z",
        "closes_at": "2027-03-31T13:00:00+01:00",
        "categories": [
            {
                "slug": "impact",
                "title": "Impact",
                "summary": "Impact.",
                "entry_form": "/entry-form/",
                "body": [
                    {
                        "type": "criterion",
                        "value": {"title": "Impact", "guidance": GUIDANCE},
                    },
                    {
                        "type": "contacts",
                        "value": {"heading": "Questions", "people": [PERSON]},
                    },
                ],
            }
        ],
    }
    programme, counts = import_programme(document, home, publish=True)
    assert counts == {"created": 1, "updated": 0}
    exported = export_programme(programme)["categories"][0]["body"]
    assert exported[0]["value"] == {
        "title": "Impact",
        "description": "",
        "guidance": GUIDANCE,
        "word_limit": None,
    }
    assert exported[1]["value"]["people"] == [PERSON]
