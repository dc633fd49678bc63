"""Citation numbers set the AMA way: after full stops and commas, touching the word, runs as "1-3"."""

import re

from articles.citations import render_with_citations


def visible(html):
    """The paragraph as a reader sees it, superscripts in ^(...)."""
    html = re.sub(r'<sup class="cite">(.*?)</sup>', lambda m: "^(" + re.sub(r"<[^>]+>", "", m.group(1)) + ")", html)
    return re.sub(r"<[^>]+>", "", html).strip()


def test_the_superscript_follows_the_full_stop_and_comma_with_no_space_before():
    html = render_with_citations("Supply can rise [@a], at least for some [@b].").html
    assert visible(html) == "Supply can rise,^(1) at least for some.^(2)"


def test_the_superscript_stays_inside_colons_and_semicolons():
    html = render_with_citations("Two trials [@a]; one review [@b]: both small.").html
    assert visible(html) == "Two trials^(1); one review^(2): both small."


def test_runs_of_three_or_more_collapse_and_every_citation_keeps_its_back_link_target():
    html = render_with_citations("First [@a; @b; @c]. Then [@d; @a; @e; @f; @g].").html
    assert visible(html) == "First.^(1-3) Then.^(1,4-7)"
    for number in range(1, 8):
        assert f'id="cite-{number}-1"' in html
    assert 'id="cite-1-2"' in html
    assert '<span id="cite-2-1"></span>' in html  # inside "1-3": reachable from reference 2's back-link


def test_two_numbers_stay_a_list():
    html = render_with_citations("Pair [@a; @b].").html
    assert visible(html) == "Pair.^(1,2)"
