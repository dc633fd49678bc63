"""deploy/nginx.conf as shipped, pointed at a benchmark's or a test's own servers and folders.

Shared by bench/run.py (one app server) and bench/cluster_test.py (two), so both measure the configuration
that production runs, changed only where this machine differs.
"""

from pathlib import Path

DEPLOYED = Path(__file__).resolve().parent.parent / "deploy" / "nginx.conf"


def deployed_site(*, upstreams, listen, cache_dir, static_root, media_root):
    """Return the site's server blocks with its upstream servers, listening address and folders replaced."""
    site = DEPLOYED.read_text()
    replacements = {
        "server 127.0.0.1:8000;": "".join(f"server {address};\n    " for address in upstreams).rstrip(),
        "/var/cache/nginx/lowmilk": str(cache_dir),
        "listen 80;": f"listen {listen};",
        "listen [::]:80;": "",
        "/srv/lowmilk/staticfiles/": f"{static_root}/",
        "/srv/lowmilk/media/": f"{media_root}/",
    }
    for old, new in replacements.items():
        if old not in site:
            raise RuntimeError(f"deploy/nginx.conf no longer contains {old!r}: update bench/nginx_site.py")
        site = site.replace(old, new)
    return site
