from articles.citations import cited_keys, render_with_citations


def test_numbers_follow_first_appearance_and_repeats_reuse_their_number():
    rendered = render_with_citations("First [@b]. Then [@a; @b]. Again [@c] and [@a].")

    assert [(item.key, item.number, item.occurrences) for item in rendered.cited] == [
        ("b", 1, 2),
        ("a", 2, 2),
        ("c", 3, 1),
    ]
    assert '<a href="#ref-1" id="cite-1-1"' in rendered.html
    assert '<a href="#ref-2" id="cite-2-1"' in rendered.html
    assert '<a href="#ref-1" id="cite-1-2"' in rendered.html
    assert '<a href="#ref-2" id="cite-2-2"' in rendered.html


def test_a_reference_cited_three_times_has_three_unique_ids():
    html = render_with_citations("One [@x]. Two [@x]. Three [@x].").html

    assert [html.count(f'id="cite-1-{n}"') for n in (1, 2, 3)] == [1, 1, 1]


def test_numbering_follows_reading_order_into_lists_and_quotes():
    body = "Intro [@first].\n\n- item [@second]\n- item [@third]\n\n> quoted [@fourth]\n\nAfter [@fifth]."

    assert cited_keys(body) == ["first", "second", "third", "fourth", "fifth"]


def test_citations_inside_code_are_left_alone():
    body = "Cite [@real].\n\n    [@in_code_block]\n\nAnd `[@in_code_span]`."

    assert cited_keys(body) == ["real"]


def test_several_keys_in_one_bracket_render_as_one_superscript():
    html = render_with_citations("Shown [@a;@b ; @c].").html

    assert html.count('<sup class="cite">') == 1
    assert ">1</a>-<span" in html and ">3</a></sup>" in html


def test_square_brackets_without_at_sign_stay_text():
    html = render_with_citations("A note [in brackets] and an [email@example.org].").html

    assert "[in brackets]" in html
    assert "cite" not in html


def test_known_keys_mark_unknown_citations_for_the_preview():
    html = render_with_citations("Good [@good], bad [@bad].", known_keys={"good"}).html

    assert 'class="cite-unknown"' in html
    assert html.count("cite-unknown") == 1
