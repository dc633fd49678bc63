import datetime

import pytest
import time_machine
from reversion.models import Version

from articles.models import Article, Status
from tests.admin_forms import change_form_data
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture
def today():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC), tick=False):
        yield TODAY


def test_dashboard_lists_reviews_overdue_and_due_within_30_days(editor_client, today):
    ArticleFactory(title="Overdue article", last_reviewed=datetime.date(2024, 6, 1))  # due 1 June 2026
    ArticleFactory(title="Due soon article", last_reviewed=datetime.date(2024, 7, 10))  # due 10 July 2026
    ArticleFactory(title="Reviewed recently", last_reviewed=datetime.date(2026, 1, 1))
    ArticleFactory(title="Yearly and overdue", last_reviewed=datetime.date(2025, 5, 1), review_interval_months=12)
    ArticleFactory(title="Draft never shown", status=Status.DRAFT, last_reviewed=datetime.date(2020, 1, 1))

    response = editor_client.get("/admin/")

    assert response.status_code == 200
    overdue, soon = response.context["blocks"][0].groups
    assert [item.label for item in overdue.items] == ["Yearly and overdue", "Overdue article"]
    assert overdue.items[1].note == "due 1 June 2026, 14 days ago"
    assert [item.label for item in soon.items] == ["Due soon article"]
    assert "Articles to review" in response.content.decode()


def test_dashboard_is_hidden_from_staff_without_access_to_articles(client, moderator):
    ArticleFactory(last_reviewed=datetime.date(2020, 1, 1))
    client.force_login(moderator)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Articles to review" not in response.content.decode()


def test_mark_as_reviewed_asks_then_sets_today_as_a_new_revision(editor_client, today):
    article = ArticleFactory(last_reviewed=datetime.date(2024, 1, 1))
    url = f"/admin/articles/article/{article.pk}/mark-reviewed/"
    assert url in editor_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()

    question = editor_client.get(url)
    assert question.status_code == 200 and "next review due 15 June 2028" in question.content.decode()
    article.refresh_from_db()
    assert article.last_reviewed == datetime.date(2024, 1, 1)

    response = editor_client.post(url)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.last_reviewed == TODAY
    assert Version.objects.get_for_object(article).get().revision.get_comment() == "Marked as reviewed on 2026-06-15."


def test_mark_as_reviewed_from_the_article_list(editor_client, today):
    first, second = ArticleFactory(), ArticleFactory()
    response = editor_client.post(
        "/admin/articles/article/", {"action": "mark_reviewed", "_selected_action": [first.pk, second.pk]}
    )
    assert response.status_code == 302
    assert set(Article.objects.values_list("last_reviewed", flat=True)) == {TODAY}


def test_an_ordinary_edit_does_not_move_the_review_date(editor_client, today):
    article = ArticleFactory(last_reviewed=datetime.date(2024, 1, 1))
    url = f"/admin/articles/article/{article.pk}/change/"
    data = change_form_data(editor_client.get(url), summary="Fixed a typo.", last_reviewed="2026-06-15")

    assert editor_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert (article.summary, article.last_reviewed) == ("Fixed a typo.", datetime.date(2024, 1, 1))


@pytest.mark.parametrize(
    ("last_reviewed", "months", "due_by", "expected"),
    [
        (datetime.date(2024, 1, 31), 1, datetime.date(2024, 2, 29), True),  # 31 Jan + 1 month = 29 Feb
        (datetime.date(2024, 1, 31), 1, datetime.date(2024, 2, 28), False),
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28), True),
        (datetime.date(2024, 3, 1), 12, datetime.date(2025, 2, 28), False),
    ],
)
def test_review_due_by_follows_next_review_due_at_month_ends(last_reviewed, months, due_by, expected):
    article = ArticleFactory(last_reviewed=last_reviewed, review_interval_months=months)
    assert (article.next_review_due <= due_by) is expected
    assert Article.objects.review_due_by(due_by).filter(pk=article.pk).exists() is expected
