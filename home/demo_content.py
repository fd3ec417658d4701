"""The demo site's words: written for this project, used only by ``load_demo``."""

from categories.status import EntryMode

HOME = {
    "title": "Health Partnership Awards",
    "intro": "<p>The Health Partnership Awards celebrate the teams, suppliers and "
    "charities who work with the health service to make care better for patients. "
    "Entry is free and open to partnerships of every size.</p>",
    "call_to_action": "See the categories and enter",
    "search_description": "Awards for partnerships that improve health care: "
    "categories, criteria, deadlines and how to enter.",
}

ENTRY_FORM = {
    "title": "Enter the awards",
    "intro": "<p>Answer the common questions, then one section for each judging "
    "criterion of the category you are entering.</p>",
}

ENTRY_QUESTIONS = [
    {
        "label": "Organisations in the partnership",
        "field_type": "multiline",
        "required": True,
        "help_text": "Every partner, with its role.",
        "word_limit": 100,
    },
    {
        "label": "Summary of the entry",
        "field_type": "multiline",
        "required": True,
        "help_text": "What you did and why it mattered, for the shortlist booklet.",
        "word_limit": 250,
    },
]

PROGRAMME_CONTACTS = {
    "heading": "Contacts",
    "people": [
        {
            "role": "Entry enquiries",
            "name": "Awards Entry Desk",
            "email": "entries@awards.example.org",
            "phone": "020 7946 0000",
        },
        {
            "role": "Judging and the awards evening",
            "name": "Priya Raman",
            "email": "judging@awards.example.org",
            "phone": "",
        },
    ],
}

# The five criteria every open category is judged on, in this demo's own words.
CRITERIA = [
    (
        "Ambition",
        "The problem you set out to solve, why it mattered to patients or staff, "
        "and what you aimed to achieve.",
        [
            "Describe the starting point, with figures where you have them.",
            "Explain the goals the partners agreed and how you chose them.",
            "Show how the work fits local and national health priorities.",
        ],
    ),
    (
        "Collaboration",
        "How the partners, patients and staff shaped and delivered the work together.",
        [
            "Explain who did what, and how decisions were shared.",
            "Show how patients, carers or the public influenced the design.",
            "Describe a difficulty the partnership worked through together.",
        ],
    ),
    (
        "Impact",
        "The difference the work has made, shown with evidence.",
        [
            "Give measured results for patients, staff or services.",
            "Compare them with the starting point or with similar services.",
            "Include feedback from the people the work was for.",
        ],
    ),
    (
        "Scale",
        "How the work has spread, or could spread, beyond where it began.",
        [
            "Describe where else the approach has been adopted or shared.",
            "Explain what another organisation would need to repeat it.",
        ],
    ),
    (
        "Sustainability",
        "How the benefits will last after the initial project ends.",
        [
            "Explain how the work is funded and staffed from now on.",
            "Describe the effect on the environment, where it is relevant.",
        ],
    ),
]


def criterion(title, description, guidance, word_limit=400):
    """One criterion block in the content schema."""
    return {
        "type": "criterion",
        "value": {
            "title": title,
            "description": f"<p>{description}</p>",
            "guidance": guidance,
            "word_limit": word_limit,
        },
    }


def category_body(category: dict, slugs: dict) -> list[dict]:
    """A category's body blocks; ``slugs`` maps earlier categories to page ids."""
    body = [{"type": "intro", "value": category["intro"]}]
    if category.get("mode", EntryMode.OPEN) == EntryMode.INVITATION:
        return body
    body.append(
        {
            "type": "how_to_apply",
            "value": {
                "steps": [
                    "Create an account and confirm your email address.",
                    "Start your entry from this page and save it as you go.",
                    "Submit it before the deadline.",
                ],
                "note": "<p>You can come back to a saved entry at any time "
                "before the deadline.</p>",
            },
        }
    )
    body.append(
        {
            "type": "eligibility",
            "value": {
                "heading": "Who can enter",
                "items": category["eligibility"],
                "note": "",
            },
        }
    )
    if "see_also" in category:
        target, text = category["see_also"]
        body.append(
            {
                "type": "notice",
                "value": {"text": f"<p>{text}</p>", "link": slugs[target]},
            }
        )
    limit = category.get("word_limit", 400)
    body += [criterion(*c, word_limit=limit) for c in CRITERIA]
    if "contacts" in category:
        body.append({"type": "contacts", "value": category["contacts"]})
    return body


COMMON_ELIGIBILITY = [
    "At least one partner must be an NHS or social care organisation.",
    "The work must have been delivered in the two years before the deadline.",
]

CURRENT_PROGRAMME = {
    "slug": "awards-2027",
    "title": "Health Partnership Awards 2027",
    "intro": "<p>This year's categories, for partnerships that improved care. "
    "Read the criteria, then start your entry: you can save it and come back.</p>",
    "categories": [
        {
            "slug": "medicines-partnership",
            "title": "Medicines Partnership of the Year",
            "summary": "Partnerships that improved how patients get and use medicines.",
            "intro": "<p>For partnerships between the health service and "
            "pharmaceutical companies or pharmacies that helped patients get the "
            "right medicine sooner, or use it more safely.</p>",
            "eligibility": COMMON_ELIGIBILITY
            + ["The work must centre on a medicine or on prescribing."],
        },
        {
            "slug": "diagnostics-partnership",
            "title": "Diagnostics and Devices Partnership",
            "summary": "Tests, devices and imaging that brought diagnosis closer "
            "to patients.",
            "is_new": True,
            "intro": "<p>New this year: for partnerships that used a test, a device "
            "or imaging to diagnose patients earlier or nearer home.</p>"
            "<p>The judges want a clear clinical problem and careful use of "
            "data.</p>",
            "eligibility": COMMON_ELIGIBILITY
            + ["Open to device, diagnostics and imaging companies of any size."],
            "see_also": (
                "medicines-partnership",
                "Is your partnership about a particular medicine? Enter the "
                "Medicines Partnership of the Year instead.",
            ),
            "word_limit": 500,
            "contacts": {
                "heading": "Questions about this category",
                "people": [
                    {
                        "role": "Category lead",
                        "name": "Tom Okafor",
                        "email": "diagnostics@awards.example.org",
                        "phone": "020 7946 0123",
                    }
                ],
            },
        },
        {
            "slug": "community-partnership",
            "title": "Community Health Partnership",
            "summary": "Local partnerships that brought care into the community.",
            "intro": "<p>For councils, charities and community groups who worked "
            "with health services to support people where they live.</p>",
            "eligibility": COMMON_ELIGIBILITY,
        },
        {
            "slug": "mental-health-partnership",
            "title": "Mental Health Partnership",
            "summary": "Partnerships that improved mental health support. "
            "Deadline extended by two weeks.",
            "intro": "<p>For partnerships that made mental health support easier "
            "to reach, quicker or better suited to the people who need it.</p>",
            "eligibility": COMMON_ELIGIBILITY,
            "window": {"closes": 59},
        },
        {
            "slug": "workforce-wellbeing",
            "title": "Workforce Wellbeing Partnership",
            "summary": "Partnerships that looked after health and care staff.",
            "intro": "<p>For partnerships that helped staff stay well, stay in "
            "their jobs and grow in them. Entries open a little later than the "
            "other categories.</p>",
            "eligibility": COMMON_ELIGIBILITY,
            "window": {"opens": 10},
        },
        {
            "slug": "primary-care-innovation",
            "title": "Primary Care Innovation",
            "summary": "New ways of working in general practice. Closed early "
            "for judging.",
            "intro": "<p>For partnerships with general practices and primary care "
            "networks. This category closed early so that judges can visit "
            "shortlisted practices.</p>",
            "eligibility": COMMON_ELIGIBILITY,
            "window": {"closes": -3},
        },
        {
            "slug": "greener-care",
            "title": "Greener Care Award",
            "summary": "Partnerships that cut the carbon cost of care. Not running "
            "this year.",
            "mode": EntryMode.CLOSED,
            "intro": "<p>This category is resting this year and will return in "
            "2028.</p>",
            "eligibility": COMMON_ELIGIBILITY,
        },
        {
            "slug": "partnership-of-the-year",
            "title": "Partnership of the Year",
            "summary": "The judges' pick from every category's winners.",
            "mode": EntryMode.INVITATION,
            "invitation_note": "There is no entry form for this award: the judges "
            "choose it from the winners of every other category.",
            "intro": "<p>The highest honour of the evening, for the partnership "
            "that impressed the judges most.</p>",
        },
    ],
}

PAST_PROGRAMME = {
    "slug": "awards-2026",
    "title": "Health Partnership Awards 2026",
    "intro": "<p>Last year's awards. Entries have closed; the winners were "
    "announced at the awards evening.</p>",
    "categories": [
        {
            "slug": "digital-partnership-2026",
            "title": "Digital Partnership of the Year",
            "summary": "Digital services built with patients and staff.",
            "intro": "<p>For partnerships that designed digital services with the "
            "people who use them.</p>",
            "eligibility": COMMON_ELIGIBILITY,
        },
        {
            "slug": "community-partnership-2026",
            "title": "Community Health Partnership",
            "summary": "Local partnerships that brought care into the community.",
            "intro": "<p>For partnerships that supported people where they live.</p>",
            "eligibility": COMMON_ELIGIBILITY,
        },
    ],
}
