"""Uploaded media in backups, read and written through Django's default storage.

The default storage is a folder (MEDIA_ROOT) on one server, or an S3-compatible bucket shared by several;
backups hold the same ``media/<name>`` entries either way, so an archive made from the disk restores into a
bucket and back.
"""

import datetime
import io
import mimetypes
import posixpath
import tarfile
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage


def media_names(storage=default_storage):
    """Every stored file's name (relative, with forward slashes), sorted; symbolic links on disk are left out."""
    names = []

    def walk(folder):
        try:
            folders, files = storage.listdir(folder)
        except FileNotFoundError:  # no MEDIA_ROOT yet: nothing was ever uploaded
            return
        for name in files:
            path = posixpath.join(folder, name) if folder else name
            if not _is_symlink(storage, path):
                names.append(path)
        for name in folders:
            path = posixpath.join(folder, name) if folder else name
            if not _is_symlink(storage, path):
                walk(path)

    walk("")
    return sorted(names)


def _is_symlink(storage, name):
    try:
        return Path(storage.path(name)).is_symlink()
    except NotImplementedError:  # object storage has no links
        return False


def add_media(archive: tarfile.TarFile, names, storage=default_storage):
    """Add each stored file as ``media/<name>`` to ``archive``."""
    now = int(datetime.datetime.now(datetime.UTC).timestamp())
    for name in names:
        with storage.open(name, "rb") as file:
            content = file.read()  # uploads are limited to a few megabytes
        info = tarfile.TarInfo(f"media/{name}")
        info.size = len(content)
        info.mtime = now
        info.mode = 0o600
        archive.addfile(info, io.BytesIO(content))


def restore_media(source: Path, storage=default_storage):
    """Store every file under ``source`` (an extracted ``media/`` folder) under its own name, replacing any.

    Returns how many files were stored. Pages link files by name, so a file of the same name is replaced
    rather than the restored one being stored under another name.
    """
    count = 0
    for path in sorted(source.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(source).as_posix()
        if storage.exists(name):
            storage.delete(name)
        with path.open("rb") as handle:
            upload = File(handle, name=posixpath.basename(name))
            # Object storage serves the type it was given: the one the name says (only images are uploaded).
            upload.content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
            stored = storage.save(name, upload)
        if stored != name:  # pragma: no cover - the name was freed just above
            raise OSError(f"Could not restore {name}: the storage saved it as {stored}.")
        count += 1
    return count
