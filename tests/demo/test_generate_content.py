import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles.models import Article, Citation, Section
from references.models import Reference

pytestmark = pytest.mark.django_db


def test_generate_content_makes_cited_articles_that_render(client, site_settings, capsys):
    call_command("generate_content", articles=12, citations=5, references=40, sections=3)

    assert (Section.objects.count(), Article.objects.count(), Reference.objects.count()) == (3, 12, 40)
    assert Citation.objects.count() == 12 * 5
    article = Article.objects.published().get(slug__endswith="-4")
    assert article.citations.filter(occurrences__gt=1).exists()  # some references are cited again
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.count('<li id="ref-') == 5 and 'rel="prev"' in html and 'rel="next"' in html
    assert len(article.body.split()) > 2000 and len(article.body_text.split()) > 2000
    assert len(article.toc) == 10  # ten sections: the page gets a table of contents
    assert "Generated 3 sections, 12 articles" in capsys.readouterr().out


def test_generate_content_refuses_to_run_twice(site_settings):
    call_command("generate_content", articles=2, citations=2, references=4, sections=1)

    with pytest.raises(CommandError, match="already there"):
        call_command("generate_content", articles=2, citations=2, references=4, sections=1)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statement timeout")
def test_generate_content_is_not_cut_short_by_the_sites_statement_timeout(site_settings, monkeypatch):
    # The site's connections stop any statement after DATABASE_STATEMENT_TIMEOUT; a batch of 2,000 long articles'
    # search vectors takes longer than that on a busy machine. Here a 1 ms timeout and a 50 ms statement stand in.
    from demo.management.commands.generate_content import Command

    create_sections = Command.create_sections

    def slow_create_sections(self, count):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(0.05)")
        return create_sections(self, count)

    monkeypatch.setattr(Command, "create_sections", slow_create_sections)
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = '1ms'")

    call_command("generate_content", articles=2, citations=2, references=4, sections=1)

    assert Article.objects.count() == 2
