import os

from django.core.wsgi import get_wsgi_application

from governance.foundation.startup import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "governance.settings")
application = get_wsgi_application()
require_secret_key()
