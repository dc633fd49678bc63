"""Production's static files storage: hashed addresses from the manifest, each worked out once per process."""

import json

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage

from core.staticfiles import StaticFilesStorage


def test_each_address_comes_from_the_manifest_once(tmp_path, monkeypatch):
    manifest = {"paths": {"css/site.css": "css/site.0123abcd.css"}, "version": "1.1", "hash": "0123"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    storage = StaticFilesStorage(location=tmp_path, base_url="/static/")
    worked_out = []
    original = ManifestStaticFilesStorage.url
    monkeypatch.setattr(
        ManifestStaticFilesStorage, "url", lambda self, *a, **k: worked_out.append(a) or original(self, *a, **k)
    )

    assert [storage.url("css/site.css") for _ in range(3)] == ["/static/css/site.0123abcd.css"] * 3
    assert len(worked_out) == 1
    assert storage.url("css/site.css", force=True) == "/static/css/site.0123abcd.css"  # force: as Django does it
