import pytest

from core.markdown import plain_text, render_markdown
from tests.factories import ArticleFactory, PageFactory

pytestmark = pytest.mark.django_db

HOSTILE = """
<script>alert("x")</script>

<img src="x.png" onerror="alert(1)">

[click me](javascript:alert(1))

<a href="JaVaScRiPt:alert(1)">shouting</a>

<p onclick="alert(1)" style="color:red">paragraph</p>

<iframe src="https://evil.example"></iframe>
"""


@pytest.mark.parametrize("render", [render_markdown, lambda text: ArticleFactory(body=text).body_html])
def test_scripts_event_attributes_and_javascript_links_are_removed(render):
    html = render(HOSTILE).lower()

    assert "<script" not in html
    assert "alert(" not in html
    assert "javascript:" not in html
    assert "onerror" not in html
    assert "onclick" not in html
    assert "style=" not in html
    assert "<iframe" not in html


def test_ordinary_markdown_survives_sanitising():
    html = render_markdown("## Title\n\n**bold** and [a link](https://example.org)\n\n| a | b |\n|---|---|\n| 1 | 2 |")

    assert '<h2 id="title">Title</h2>' in html
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.org"' in html
    assert "<table>" in html


def test_page_body_is_sanitised_on_save():
    page = PageFactory(body='Hello <script>alert(1)</script><a href="javascript:alert(1)">x</a>')

    assert "<script" not in page.body_html
    assert "javascript:" not in page.body_html


def test_plain_text_keeps_the_words_and_block_breaks_and_drops_tags_entities_and_citation_numbers():
    html = (
        '<h2 id="why">Why &amp; how</h2><p>Skin to skin<sup class="cite"><a href="#ref-1">1</a></sup> helps '
        "<strong>a lot</strong> &lt;really&gt;.</p><!-- a note --><ul><li>Feed often</li><li>Pump</li></ul>"
    )

    assert plain_text(html) == "Why & how.\nSkin to skin helps a lot <really>.\nFeed often.\nPump.\n"
