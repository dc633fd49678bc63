"""Citations in article markdown: ``[@clavey1996]`` or ``[@jenner2002; @nedkova1995]``.

Numbers follow first appearance in the article, a reference cited again keeps its number, and every
in-text number gets a unique id (``cite-<number>-<occurrence>``) so the reference list can link back
to each place it is cited.
"""

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from core.markdown import make_markdown, plain_text, sanitize_html
from references.models import Reference

CITATION_PATTERN = r"\[\s*(@[\w-]+(?:\s*;\s*@[\w-]+)*)\s*\]"
_MARKER_TAG = "lowmilk-cite"


@dataclass
class CitedReference:
    key: str
    number: int
    occurrences: int = 0


@dataclass
class RenderedBody:
    html: str
    cited: list[CitedReference] = field(default_factory=list)
    toc: list[dict] = field(default_factory=list)

    @property
    def keys(self):
        return [item.key for item in self.cited]


class _CitationInline(InlineProcessor):
    def handleMatch(self, m, data):
        marker = etree.Element(_MARKER_TAG)
        marker.set("keys", " ".join(key.strip().lstrip("@") for key in m.group(1).split(";")))
        return marker, m.start(0), m.end(0)


class _CitationNumbers(Treeprocessor):
    """Runs after inline patterns and walks the tree in document order, so numbering follows reading order."""

    def __init__(self, md, known_keys):
        super().__init__(md)
        self.known_keys = known_keys

    def run(self, root):
        cited = {}
        parents = {child: parent for parent in root.iter() for child in parent}
        for marker in list(root.iter(_MARKER_TAG)):
            keys = marker.attrib.pop("keys").split()
            marker.tag = "sup"
            marker.set("class", "cite")
            items = []
            for key in keys:
                item = cited.setdefault(key, CitedReference(key=key, number=len(cited) + 1))
                item.occurrences += 1
                items.append((item.number, item.occurrences, key))
            self._fill(marker, sorted(set(items)))
            _set_after_punctuation(marker, parents[marker])
        self.md.cited_references = list(cited.values())

    def _fill(self, marker, items):
        """Numbers in ascending order, a run of three or more as "1-3" (AMA), every citation keeping its id."""
        runs = []
        for item in items:
            if runs and item[0] == runs[-1][-1][0] + 1:
                runs[-1].append(item)
            else:
                runs.append([item])
        last = None
        for run in runs:
            if last is not None:
                last.tail = ","
            if len(run) < 3:
                for number, occurrence, key in run:
                    if last is not None and last.tail is None:
                        last.tail = ","
                    last = self._link(marker, number, occurrence, key)
                continue
            first = self._link(marker, *run[0])
            first.tail = "-"
            # The numbers inside the range keep their back-link targets, without a visible link.
            for number, occurrence, _key in run[1:-1]:
                etree.SubElement(marker, "span").set("id", f"cite-{number}-{occurrence}")
            last = self._link(marker, *run[-1])

    def _link(self, marker, number, occurrence, key):
        link = etree.SubElement(marker, "a")
        link.set("href", f"#ref-{number}")
        link.set("id", f"cite-{number}-{occurrence}")
        if self.known_keys is not None and key not in self.known_keys:
            link.set("class", "cite-unknown")
            link.set("title", f"Unknown reference key: {key}")
        link.text = str(number)
        return link


# AMA: the superscript follows full stops and commas and touches the word before it ("milk.1-3").
_MOVES_BEFORE_CITATION = (".", ",")


def _set_after_punctuation(marker, parent):
    """Remove the space before a citation and move a full stop or comma that follows it in front of it."""
    index = list(parent).index(marker)
    previous = parent[index - 1] if index else None
    before = (previous.tail if previous is not None else parent.text) or ""
    before = before.rstrip()
    tail = marker.tail or ""
    if tail[:1] in _MOVES_BEFORE_CITATION and not before.endswith(tail[:1]):
        before, tail = before + tail[0], tail[1:]
    if previous is not None:
        previous.tail = before
    else:
        parent.text = before
    marker.tail = tail


class CitationExtension(Extension):
    def __init__(self, known_keys=None, **kwargs):
        self.known_keys = known_keys
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        # Above the link patterns (160/170) so "[@key]" is never read as a reference link; code spans (190) win.
        md.inlinePatterns.register(_CitationInline(CITATION_PATTERN, md), "citation", 175)
        md.treeprocessors.register(_CitationNumbers(md, self.known_keys), "citation_numbers", 15)


def render_with_citations(text, known_keys=None):
    """Render article markdown; return the sanitised HTML and the cited references in number order.

    With ``known_keys``, citations of other keys are marked as unknown (used by the editor's preview).
    """
    md = make_markdown([CitationExtension(known_keys=known_keys)])
    html = md.convert(text or "")
    return RenderedBody(
        html=sanitize_html(html),
        cited=getattr(md, "cited_references", []),
        toc=_toc_entries(getattr(md, "toc_tokens", [])),
    )


def _toc_entries(tokens):
    """Python-Markdown's toc tokens as [{"id", "title", "children"}], titles as plain text without citation numbers."""
    return [
        {
            "id": token["id"],
            "title": " ".join(plain_text(token.get("html", token["name"])).split()),
            "children": _toc_entries(token.get("children", [])),
        }
        for token in tokens
    ]


def cited_keys(text):
    """Return the citation keys in ``text`` in order of first appearance (ignoring code)."""
    return render_with_citations(text).keys


def markdownify_preview(text):
    """django-markdownx's live preview: the article as readers will see it, with its reference list."""
    keys = set(re.findall(r"@([\w-]+)", text or ""))
    references = {ref.key: ref for ref in Reference.objects.filter(key__in=keys)}
    rendered = render_with_citations(text, known_keys=set(references))
    if not rendered.cited:
        return rendered.html
    items = []
    for item in rendered.cited:
        reference = references.get(item.key)
        entry = reference.formatted_html if reference else f"<strong>Unknown reference key “{item.key}”</strong>"
        items.append(f"<li>{entry}</li>")
    return rendered.html + sanitize_html("<h2>References</h2><ol>" + "".join(items) + "</ol>")
