"""The page-tree rules: which page type may live where."""

import pytest

from home import models as home

ALL_TYPES = [
    home.HomePage,
    home.NewsIndexPage,
    home.NewsPage,
    home.InformationAreaPage,
    home.FormIndexPage,
    home.FormPage,
    home.ServiceInstructionIndexPage,
    home.ServiceInstructionPage,
    home.HelpIndexPage,
    home.TutorialPage,
    home.ContentPage,
    home.AccessibilityStatementPage,
]

EXPECTED_CHILDREN = {
    home.HomePage: {
        home.NewsIndexPage,
        home.InformationAreaPage,
        home.HelpIndexPage,
        home.ContentPage,
        home.AccessibilityStatementPage,
    },
    home.NewsIndexPage: {home.NewsPage},
    home.NewsPage: set(),
    home.InformationAreaPage: {
        home.ContentPage,
        home.FormIndexPage,
        home.ServiceInstructionIndexPage,
    },
    home.FormIndexPage: {home.FormPage},
    home.FormPage: set(),
    home.ServiceInstructionIndexPage: {home.ServiceInstructionPage},
    home.ServiceInstructionPage: set(),
    home.HelpIndexPage: {home.TutorialPage, home.ContentPage},
    home.TutorialPage: set(),
    home.ContentPage: {home.ContentPage},
    home.AccessibilityStatementPage: set(),
}


@pytest.mark.parametrize("parent", ALL_TYPES, ids=lambda m: m.__name__)
def test_allowed_children(parent):
    """Each type allows exactly the children the content model names (of the home app)."""
    allowed = {
        model for model in parent.allowed_subpage_models() if model._meta.app_label == "home"
    }
    assert allowed == EXPECTED_CHILDREN[parent]


@pytest.mark.django_db
def test_news_cannot_be_created_outside_a_news_index(home_page):
    assert not home.NewsPage.can_create_at(home_page)
    assert home.NewsPage.can_create_at(home.NewsIndexPage(title="N", slug="n")), (
        "news belong under a news index"
    )
