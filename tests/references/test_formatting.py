"""AMA formatting, checked against the references of the acupuncture seed article."""

import datetime

import pytest
from django.utils.html import strip_tags

from references.formatting import ama_authors, ama_name, ama_pages
from references.models import Kind
from tests.factories import ReferenceFactory

pytestmark = pytest.mark.django_db


def formatted(**fields):
    return strip_tags(ReferenceFactory(**fields).formatted_html).replace("&#x27;", "'")


def test_journal_article_jenner_2002():
    reference = ReferenceFactory(
        authors="Jenner, C.\nFilshie, J.",
        title="Galactorrhoea following acupuncture",
        container_title="Acupunct Med",
        year=2002,
        volume="20",
        issue="2-3",
        pages="107-8",
    )

    assert reference.formatted_html == (
        "Jenner C, Filshie J. Galactorrhoea following acupuncture. <i>Acupunct Med</i>. "
        '2002;20(2-3):<span class="nowrap">107-108</span>.'
    )


def test_translated_title_is_bracketed_nedkova_1995():
    text = formatted(
        authors="Nedkova, V.\nTanchev, S.",
        title="The possibilities for stimulating lactation",
        title_translated=True,
        container_title="Akush Ginekol (Sofiia)",
        year=1995,
        volume="34",
        issue="2",
        pages="17-8",
    )

    assert text == (
        "Nedkova V, Tanchev S. [The possibilities for stimulating lactation]. Akush Ginekol (Sofiia). 1995;34(2):17-18."
    )


def test_journal_article_sheng_1989():
    text = formatted(
        authors="Sheng, P.\nXie, Q.",
        title="Relationship between effect of acupuncture on prolactin secretion and central catecholamine "
        "and R-aminobutyric acid",
        container_title="Zhen Ci Yan Jiu",
        year=1989,
        volume="14",
        issue="4",
        pages="446-51",
    )

    assert text.endswith("R-aminobutyric acid. Zhen Ci Yan Jiu. 1989;14(4):446-451.")
    assert text.startswith("Sheng P, Xie Q. ")


def test_epub_ahead_of_print_kvist_2006():
    text = formatted(
        authors="Kvist, L.\nLouise Hall-Lord, M.\nRydhstroem, H.",
        authors_et_al=True,
        title="A randomised-controlled trial in Sweden of acupuncture and care interventions for the relief of "
        "inflammatory symptoms of the breast during lactation",
        container_title="Midwifery",
        year=2006,
        volume="",
        issue="",
        pages="",
        epub_ahead_of_print=True,
        published_online=datetime.date(2006, 10, 17),
    )

    assert text.startswith("Kvist L, Louise Hall-Lord M, Rydhstroem H, et al. A randomised-controlled trial")
    assert text.endswith("during lactation. Midwifery. Published online October 17, 2006.")


def test_thesis_li_2003_with_url_and_access_date():
    reference = ReferenceFactory(
        kind=Kind.THESIS,
        authors="Li, K.",
        title="A pilot study to evaluate the effect of acupuncture on increasing milk supply of lactating mothers",
        container_title="",
        degree="Master's thesis",
        publisher="Victoria University",
        year=2003,
        volume="",
        issue="",
        pages="",
        url="http://wallaby.vu.edu.au/adt-VVUT/public/adt-VVUT20031203.093949/",
        accessed=datetime.date(2005, 7, 31),
    )
    text = strip_tags(reference.formatted_html).replace("&#x27;", "'")

    assert text == (
        "Li K. A pilot study to evaluate the effect of acupuncture on increasing milk supply of lactating mothers. "
        "Master's thesis. Victoria University; 2003. Accessed July 31, 2005. "
        "http://wallaby.vu.edu.au/adt-VVUT/public/adt-VVUT20031203.093949/"
    )
    assert '<a href="http://wallaby.vu.edu.au/adt-VVUT/public/adt-VVUT20031203.093949/">' in reference.formatted_html
    assert "<i>A pilot study" in reference.formatted_html


def test_book():
    text = formatted(
        kind=Kind.BOOK,
        authors="West, Diana\nMarasco, Lisa",
        title="The Breastfeeding Mother's Guide to Making More Milk",
        container_title="",
        publisher="McGraw-Hill",
        year=2009,
        volume="",
        issue="",
        pages="",
    )

    assert text == "West D, Marasco L. The Breastfeeding Mother's Guide to Making More Milk. McGraw-Hill; 2009."


def test_book_chapter_with_editors_and_pages():
    text = formatted(
        kind=Kind.CHAPTER,
        authors="Author, Ann",
        title="Chapter title",
        container_title="Book Title",
        editors="Editor, Eve\nOther, Otto",
        edition="2nd",
        publisher="Press",
        year=2010,
        volume="",
        issue="",
        pages="10-25",
    )

    assert text == "Author A. Chapter title. In: Editor E, Other O, eds. Book Title. 2nd ed. Press; 2010:10-25."


def test_web_page_with_access_date():
    text = formatted(
        kind=Kind.WEBPAGE,
        authors="World Health Organization",
        title="Breastfeeding",
        container_title="WHO",
        year=2023,
        volume="",
        issue="",
        pages="",
        url="https://www.who.int/health-topics/breastfeeding",
        accessed=datetime.date(2024, 1, 5),
    )

    assert text == (
        "World Health Organization. Breastfeeding. WHO. Published 2023. Accessed January 5, 2024. "
        "https://www.who.int/health-topics/breastfeeding"
    )


def test_doi_is_linked_and_pmid_shown():
    reference = ReferenceFactory(doi="10.1136/aim.20.2-3.107", pmid="12216594")

    assert 'doi:<a href="https://doi.org/10.1136/aim.20.2-3.107">10.1136/aim.20.2-3.107</a>' in reference.formatted_html
    assert "PMID: <a href=" in reference.formatted_html


def test_more_than_six_authors_become_three_and_et_al():
    names = [f"Person{n}, A." for n in range(7)]

    assert ama_authors(names) == "Person0 A, Person1 A, Person2 A, et al"
    assert ama_authors(names[:6]).count(",") == 5


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Jenner, C.", "Jenner C"),
        ("Hall-Lord, Marie Louise", "Hall-Lord ML"),
        ("Dupont, Jean-Pierre", "Dupont JP"),
        ("Kvist, LJ", "Kvist LJ"),
        ("World Health Organization", "World Health Organization"),
    ],
)
def test_author_names(name, expected):
    assert ama_name(name) == expected


@pytest.mark.parametrize(
    ("pages", "expected"), [("107-8", "107-108"), ("446-51", "446-451"), ("35-45", "35-45"), ("e123", "e123")]
)
def test_page_ranges_are_written_in_full(pages, expected):
    assert ama_pages(pages) == expected


def test_titles_and_fields_are_escaped():
    reference = ReferenceFactory(title="<script>alert(1)</script>", container_title="<b>J</b>")

    assert "<script>" not in reference.formatted_html
    assert "&lt;script&gt;" in reference.formatted_html
