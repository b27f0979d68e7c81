import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samordna.settings")
application = get_wsgi_application()
# Import the URLconf, and with it every view module (the charts load matplotlib), now rather
# than on each worker's first request: under gunicorn --preload (gunicorn.conf.py) the workers
# then share it instead of each paying ~0.5 s of CPU and its own copy after every fork.
url_patterns = get_resolver().url_patterns
url_names = get_resolver().reverse_dict  # and the table {% url %} reverses from
