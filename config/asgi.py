import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_asgi_application()

from config.security import refuse_public_key  # noqa: E402 - settings are loaded by the line above

refuse_public_key()
