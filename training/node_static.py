"""Static files taken from npm packages: only the files the templates link to.

Collecting whole package folders shipped 15 MB of design-token variants, and
with them stylesheets that point at images the package does not include
(``@utrecht/design-tokens``' ``background-image-icon.css`` names
``pijltje.svg``): the manifest storage then refuses the whole collectstatic, and
production answers every page with 500. ``NODE_STATIC_FILES`` maps each static
path to its file under ``NODE_MODULES``."""

from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Error
from django.core.files.storage import FileSystemStorage


class NodePackageFinder(BaseFinder):
    """A staticfiles finder for the files named in ``NODE_STATIC_FILES``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.files = {
            static_path: Path(settings.NODE_MODULES) / package_path
            for static_path, package_path in settings.NODE_STATIC_FILES.items()
        }

    def check(self, **kwargs):
        return [
            Error(
                f"{source} (for the static file {static_path}) does not exist.",
                hint="Run `npm ci` (or `make install`).",
                id="training.E001",
            )
            for static_path, source in self.files.items()
            if not source.is_file()
        ]

    def find(self, path, find_all=False, **kwargs):
        source = self.files.get(path)
        if source is None or not source.is_file():
            return []  # what Django's own finders return for "not here"
        return [str(source)] if find_all else str(source)

    def list(self, ignore_patterns):
        for static_path, source in self.files.items():
            if not source.is_file():
                continue
            # A storage per file's folder, prefixed like STATICFILES_DIRS entries.
            storage = FileSystemStorage(location=source.parent)
            storage.prefix = str(PurePosixPath(static_path).parent)
            yield source.name, storage
