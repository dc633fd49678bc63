"""Settings for lowmilk, read from environment variables, in sections.

Development needs nothing set: SQLite in the project folder, DEBUG from ``DEBUG=1``.
Production must set ``SECRET_KEY`` and ``ALLOWED_HOSTS``; ``DATABASE_URL`` points at PostgreSQL.
Every setting the code reads has its default here.
"""

from lowmilk.settings.base import *  # noqa: F403
from lowmilk.settings.caching import *  # noqa: F403
from lowmilk.settings.logs import *  # noqa: F403
from lowmilk.settings.scaling import *  # noqa: F403
from lowmilk.settings.security import *  # noqa: F403
