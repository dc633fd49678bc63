"""Django's JSON serialization, but with full microsecond precision for datetimes and times.

``DjangoJSONEncoder`` cuts times to milliseconds, so a backup would not restore rows exactly; this
format (registered as "backup-json" by backups.archive) writes plain ISO 8601 that Django's ordinary JSON
deserializer reads back unchanged.
"""

import datetime

from django.core.serializers.json import Deserializer, DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer

__all__ = ["Deserializer", "Serializer"]


class PreciseJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        self.options.setdefault("cls", PreciseJSONEncoder)
        super()._init_options()
