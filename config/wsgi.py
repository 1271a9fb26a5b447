import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from config.security import refuse_public_key  # noqa: E402 - settings are loaded by the line above

refuse_public_key()
