"""Whole-site backups: every row of content (``dumpdata``) and every uploaded file, in one archive.

An archive is a ``.tar.gz`` holding ``manifest.json`` (format, date, applied migrations), ``data.json``
(``dumpdata --natural-foreign --all`` with full-precision times; primary keys are kept so ids, admin links
and revision records stay valid) and ``media/`` (every file of the default storage: MEDIA_ROOT or the S3 bucket,
see backups/media.py). It is database-independent:
a SQLite backup restores into PostgreSQL and back. Rebuildable or transient tables are left out (see ``EXCLUDED``).
"""

import datetime
import io
import json
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

from backups import media
from pagecache.generation import content_changed, current_version

FORMAT = 1
# Created by migrate (content types, permissions), or transient (sessions, login-attempt records, the mail
# queue: a restored queue would send old mail again).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes", "post_office"]


serializers.register_serializer("backup-json", "backups.serializer")


class BackupError(Exception):
    """A backup could not be written or restored; the message says why, for the person running it."""


def _excluded(model):
    return model._meta.app_label in EXCLUDED or model._meta.label_lower in EXCLUDED


def backed_up_models():
    """Every concrete model (including many-to-many tables) whose rows a backup holds."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not _excluded(model)
    ]


def _applied_migrations(using):
    return sorted(MigrationRecorder(connections[using]).applied_migrations())


def write_backup(directory, *, using=DEFAULT_DB_ALIAS) -> Path:
    """Write a timestamped archive into ``directory`` and return its path (readable by its owner only)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    path = directory / f"lowmilk-{stamp}.tar.gz"
    suffix = 1
    while path.exists():
        suffix += 1
        path = directory / f"lowmilk-{stamp}-{suffix}.tar.gz"

    media_files = media.media_names()
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "data.json"
        call_command(
            "dumpdata",
            format="backup-json",  # Django's JSON with full-precision times
            natural_foreign=True,
            use_base_manager=True,
            exclude=EXCLUDED,
            database=using,
            output=str(data),
            verbosity=0,
        )
        manifest = {
            "format": FORMAT,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "database_vendor": connections[using].vendor,
            "migrations": _applied_migrations(using),
            "media_files": len(media_files),
        }
        partial = path.with_name(path.name + ".partial")
        partial.touch(mode=0o600)
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
            archive.add(data, arcname="data.json")
            media.add_media(archive, media_files)
        partial.rename(path)  # a half-written archive never carries the final name
    return path


def _add_bytes(archive, name, content):
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
    archive.addfile(info, io.BytesIO(content))


def read_manifest(path) -> dict:
    """Return an archive's manifest; raise BackupError if ``path`` is not a readable lowmilk backup."""
    with _open_archive(path) as archive:
        return _manifest(archive, path)


def _open_archive(path):
    path = Path(path)
    if not path.exists():
        raise BackupError(f"Backup file not found: {path}")
    if not path.is_file():
        raise BackupError(f"Not a file: {path}")
    try:
        return tarfile.open(path, "r:gz")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"{path} is not a lowmilk backup archive (not a readable .tar.gz: {error}).") from error


def _manifest(archive, path):
    try:
        manifest = json.load(archive.extractfile("manifest.json"))
        if manifest.get("format") != FORMAT:
            raise BackupError(f"{path} has backup format {manifest.get('format')!r}; this site reads format {FORMAT}.")
        archive.getmember("data.json")
    except KeyError as error:
        raise BackupError(f"{path} is not a lowmilk backup archive (no manifest.json or data.json).") from error
    except (ValueError, AttributeError, tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"{path} is damaged: {error}") from error
    return manifest


def restore_backup(path, *, using=DEFAULT_DB_ALIAS) -> dict:
    """Replace the site's content and media files with the archive's; return its manifest.

    The database part is one transaction: if anything in it fails, the site keeps its current content.
    Media files in the archive replace stored files of the same name; other stored files are left alone.
    """
    with _open_archive(path) as archive, tempfile.TemporaryDirectory() as scratch:
        manifest = _manifest(archive, path)
        missing = sorted(set(map(tuple, manifest["migrations"])) - set(_applied_migrations(using)))
        if missing:
            app, name = missing[0]
            raise BackupError(
                f"The backup was made with migrations this database lacks ({len(missing)}, e.g. {app}.{name}). "
                "Update the code and run `manage.py migrate` first."
            )
        scratch = Path(scratch)
        try:
            members = [member for member in archive.getmembers() if _wanted(member, path)]
            archive.extractall(scratch, members=members, filter="data")
        except (tarfile.TarError, OSError, EOFError) as error:
            raise BackupError(f"{path} is damaged: {error}") from error

        try:
            with transaction.atomic(using=using):
                before = current_version()
                _empty_backed_up_tables(using)
                call_command("loaddata", str(scratch / "data.json"), database=using, verbosity=0)
                # Forward past both numbers, never back to the backup's: every worker's cached pages, of
                # whatever generation, go stale, and none can match again when later edits count upwards.
                content_changed(past=before)
        except Exception as error:
            raise BackupError(f"Restoring the database from {path} failed, nothing was changed: {error}") from error

        source = scratch / "media"
        if source.is_dir():
            try:
                media.restore_media(source)
            except Exception as error:  # the disk is full, the bucket unreachable or refusing: say so plainly
                raise BackupError(
                    f"The content was restored, but restoring the media files failed: {error}. "
                    "Fix the media storage and run the restore again."
                ) from error
    return manifest


def _wanted(member, path):
    name = PurePosixPath(member.name)
    if name.as_posix() in ("manifest.json", "data.json"):
        return True
    if name.parts[:1] == ("media",) and member.isfile():
        return True
    if name.parts[:1] == ("media",) and member.isdir():
        return False
    raise BackupError(f"{path} contains an unexpected entry {member.name!r}; refusing to restore it.")


def _empty_backed_up_tables(using):
    connection = connections[using]
    tables = [model._meta.db_table for model in backed_up_models()]
    existing = set(connection.introspection.table_names())
    # PostgreSQL refuses to TRUNCATE tables with deferred constraint checks pending in this transaction.
    connection.check_constraints()
    statements = connection.ops.sql_flush(no_style(), [t for t in tables if t in existing], reset_sequences=True)
    connection.ops.execute_sql_flush(statements)
