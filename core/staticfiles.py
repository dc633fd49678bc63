"""Static files in production: WhiteNoise's compressed, hashed files, each address worked out once per process."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's storage, remembering each file's address.

    Every page asks for the same few stylesheets and scripts, and ``url()`` cleans, splits, looks up and joins each
    name on every call; the manifest a process has loaded never changes while it runs (collectstatic is followed by
    a restart), so each address is worked out once.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        if (url := self._urls.get(name)) is None:
            url = self._urls[name] = super().url(name)
        return url
