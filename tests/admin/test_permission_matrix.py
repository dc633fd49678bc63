"""Every admin URL, as every role, answers as README's role table says ("Who may open which admin page").

The URLs come from the admin site's own URLconf, so a new model admin or admin view with no row in the
table fails here until someone decides who may open it.
"""

import re
from pathlib import Path

import pytest
import reversion
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser, Group, User
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.redirects.models import Redirect
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sites.models import Site
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, resolve, reverse
from post_office.models import STATUS, Attachment, Email, Log
from reversion.models import Version

from consultants.models import Language, Status
from core.content import ADMINISTRATORS, EDITORS, MODERATORS
from editorial.history import record_deletion
from editorial.roles import setup_roles
from pages.models import SiteSettings
from tests.consultants.factories import ListingFactory
from tests.factories import (
    ArticleFactory,
    ContactMessageFactory,
    PageFactory,
    ReferenceFactory,
    SectionFactory,
    SiteSettingsFactory,
)

README = Path(__file__).resolve().parents[2] / "README.md"
ROLES = {"Editor": EDITORS, "Directory moderator": MODERATORS, "Administrator": ADMINISTRATORS}
# URLs outside /admin/ that are part of the editors' tools, by URL name.
INLINE_IMAGE_ID = "0123456789abcdef0123456789abcdef"
EDITOR_TOOLS = ["markdownx_upload", "markdownx_markdownify"]


def _cells(line):
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip().strip("|"))]


def role_table():
    """README's two tables: {model label: {role: set of actions}} and {URL name or *_suffix: need}."""
    section = README.read_text().split("### Who may open which admin page", 1)[1].split("\n## ", 1)[0]
    records, needs = {}, {}
    for line in section.splitlines():
        if not line.startswith("|") or line.startswith("|---"):
            continue
        cells = _cells(line)
        names = re.findall(r"`([^`]+)`", cells[0])
        if cells[0] in ("records", "admin page (URL name)") or not names:
            continue
        if len(cells) == 4:
            for label in names:
                records[label] = {
                    role: {action.strip() for action in cell.split(",") if action.strip() not in ("", "—")}
                    for role, cell in zip(ROLES, cells[1:], strict=True)
                }
        else:
            need = re.findall(r"`([^`]+)`", cells[1])[0].replace("\\|", "|")
            needs.update(dict.fromkeys(names, need))
    return records, needs


RECORDS, NEEDS = role_table()


def _walk(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns)
        else:
            yield pattern


def admin_urls():
    """(URL name, model label or None, pattern) for every URL of the admin site."""
    model_patterns = set()
    found = []
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        for pattern in _walk(model_admin.get_urls()):
            model_patterns.add(pattern.callback)
            name = pattern.name or f"{label.replace('.', '_')}_object"
            found.append((name, label, pattern))
    for pattern in _walk(admin.site.get_urls()):
        if isinstance(pattern, URLPattern) and pattern.name in (None,) and "url" in pattern.pattern.regex.groupindex:
            found.append(("catch-all", None, pattern))
        elif pattern.name and not any(pattern.name == name for name, _label, _pattern in found):
            found.append((pattern.name, None, pattern))
    return found


def need_of(name, label):
    if name in NEEDS:
        return NEEDS[name]
    if label is not None:
        suffix = name.removeprefix(label.replace(".", "_"))
        return NEEDS.get(f"*{suffix}")
    return None


ALL_URLS = admin_urls() + [(name, None, None) for name in EDITOR_TOOLS]


def test_every_admin_url_and_model_has_a_decision_in_the_role_table():
    undecided = sorted({name for name, label, _pattern in ALL_URLS if need_of(name, label) is None})
    assert undecided == [], "Add these admin URLs to README's role table"
    models = sorted({label for _name, label, _pattern in ALL_URLS if label and label not in RECORDS})
    assert models == [], "Add these models to README's role table"


@pytest.fixture
def content(db, settings, tmp_path):
    """One record of every model in the admin, with two versions where kept under history, and one deleted."""
    setup_roles()
    settings.MEDIA_ROOT = tmp_path  # the mail's inline image
    made = {}
    with reversion.create_revision():
        made["articles.section"] = SectionFactory()
        made["articles.article"] = ArticleFactory(section=made["articles.section"])
        made["references.reference"] = ReferenceFactory()
        made["pages.page"] = PageFactory()
        made["pages.sitesettings"] = SiteSettingsFactory()
        made["consultants.listing"] = ListingFactory()
        made["consultants.pendinglisting"] = ListingFactory(status=Status.PENDING, renewal_due=None)
    with reversion.create_revision():
        for obj in made.values():
            obj.save()
    deleted = {}
    for label in list(made):
        with reversion.create_revision():
            doomed = type(made[label]).objects.get(pk=made[label].pk)
            doomed.pk = None
            if hasattr(doomed, "slug"):
                doomed.slug = f"{doomed.slug}-gone"
            if hasattr(doomed, "key"):
                doomed.key = f"{doomed.key}-gone"
            doomed.save()
        record_deletion([doomed])
        doomed.delete()
        deleted[label] = Version.objects.get_deleted(type(doomed)).first().pk
    made["pages.sitesettings"] = SiteSettings.load()
    made["pages.contactmessage"] = ContactMessageFactory()
    made["redirects.redirect"] = Redirect.objects.create(site=Site.objects.get_current(), old_path="/a", new_path="/b")
    made["consultants.language"] = Language.objects.first() or Language.objects.create(code="xx", name="Xx")
    made["auth.group"] = Group.objects.first()
    made["auth.user"] = User.objects.create_user("someone")
    made["sites.site"] = Site.objects.get_current()
    made["axes.accessattempt"] = AccessAttempt.objects.create(failures_since_start=1)
    made["axes.accesslog"] = AccessLog.objects.create()
    made["axes.accessfailurelog"] = AccessFailureLog.objects.create(locked_out=False)
    made["post_office.email"] = email = Email.objects.create(
        from_email="site@example.org", to=["editors@example.org"], subject="Hi", message="Hi", html_message="<p>Hi</p>"
    )
    image = Attachment(name="dot.png", mimetype="image/png", headers={"Content-ID": f"<{INLINE_IMAGE_ID}@lowmilk>"})
    image.file.save("dot.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)
    email.attachments.add(image)
    made["post_office.attachment"] = image
    made["post_office.log"] = Log.objects.create(email=email, status=STATUS.sent)
    made["consultants.pendinglisting"] = type(made["consultants.pendinglisting"]).objects.get(
        pk=made["consultants.pendinglisting"].pk
    )
    return made, deleted


def url_for(name, label, pattern, content):
    made, deleted = content
    obj = made.get(label)
    if name == "catch-all":
        return "GET", "/admin/no-such-page/"
    if name in EDITOR_TOOLS:
        return "POST", reverse(name)
    if name == "app_list":
        return "GET", reverse("admin:app_list", kwargs={"app_label": "consultants"})
    if name == "autocomplete":
        return "GET", reverse("admin:autocomplete") + "?app_label=articles&model_name=article&field_name=related"
    if name == "view_on_site":
        article = made["articles.article"]
        return "GET", reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(article).pk, article.pk])
    if name.endswith("_object"):
        return "GET", f"/admin/{label.replace('.', '/')}/{obj.pk}/"
    if name.endswith("_revision"):
        version = Version.objects.get_for_object(obj).last()
        return "GET", reverse(f"admin:{name}", args=[obj.pk, version.pk])
    if name.endswith("_recover"):
        return "GET", reverse(f"admin:{name}", args=[deleted[label]])
    if name.endswith("_process_import"):
        return "POST", reverse(f"admin:{name}")
    if name == "post_office_email_image":
        return "GET", reverse(f"admin:{name}", args=[obj.pk, INLINE_IMAGE_ID])
    if pattern is not None and (pattern.pattern.converters or pattern.pattern.regex.groups):
        return "GET", reverse(f"admin:{name}", args=[obj.pk])
    return "GET", reverse(f"admin:{name}")


def allowed(user, need, label):
    """Whether README's role table lets ``user`` (None: anonymous) open a page that needs ``need``."""
    if need in ("public", "post-only", "not-found") or user is None:
        return need == "public"
    if need in ("staff",):
        return True
    if need == "nobody":
        return False
    if need == "app":
        return any(user.has_perm(f"consultants.{action}_listing") for action in ("add", "change", "delete", "view"))
    if "." in need:
        return any(user.has_perm(permission) for permission in need.split("|"))
    app_label, model_name = label.split(".")
    return all(user.has_perm(f"{app_label}.{action}_{model_name}") for action in need.split("+"))


def answer_is(response, user, need, expected_allowed):
    location = response.get("Location", "")
    if user is None and need == "post-only":
        return response.status_code == 302 and location == reverse("admin:index")
    if user is None and need != "public":
        return response.status_code == 302 and "/login/" in location
    if need == "post-only":
        return response.status_code == 405
    if need == "not-found":
        return response.status_code == 404
    if not expected_allowed:
        return response.status_code in (403, 404)
    return response.status_code < 500 and response.status_code not in (403, 404) and "/login/" not in location


def user_for(role):
    if role == "anonymous":
        return None
    user = User.objects.create_user(f"user-{role}".replace(" ", "-"), is_staff=True)
    if role in ROLES:
        user.groups.add(Group.objects.get(name=ROLES[role]))
    return User.objects.get(pk=user.pk)  # fresh permission cache


def check_records_table(user, role):
    """The role's model permissions are exactly the README's (the groups come from editorial.roles)."""
    for label, by_role in RECORDS.items():
        app_label, model_name = label.split(".")
        granted = {a for a in ("add", "change", "delete", "view") if user.has_perm(f"{app_label}.{a}_{model_name}")}
        assert granted == by_role.get(role, set()), (role, label)


def answer(user, method, url):
    """The view's answer to ``user``, without rendering its page: only the decision matters here."""
    request = getattr(RequestFactory(), method.lower())(url)
    request.user = user or AnonymousUser()
    request._dont_enforce_csrf_checks = True  # as the test client does
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request.resolver_match = match = resolve(request.path_info)
    try:
        return match.func(request, *match.args, **match.kwargs)
    except PermissionDenied:
        return HttpResponse(status=403)
    except Http404:
        return HttpResponse(status=404)


@pytest.mark.parametrize("role", ["anonymous", "staff in no group", *ROLES])
def test_every_admin_url_answers_as_the_role_table_says(role, content):
    user = user_for(role)
    if user is not None:
        check_records_table(user, role)
    wrong = []
    for name, label, pattern in ALL_URLS:
        need = need_of(name, label)
        method, url = url_for(name, label, pattern, content)
        response = answer(user, method, url)
        expected = allowed(user, need, label)
        if not answer_is(response, user, need, expected):
            wrong.append(f"{method} {url} ({name}, needs {need}): {response.status_code}, expected "
                         f"{'allowed' if expected else 'refused'}")  # fmt: skip
    assert wrong == [], "\n".join(wrong)
